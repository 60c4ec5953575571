using System.Runtime.CompilerServices;

namespace Mayros.PowerShell.Cortex.Json
{
    /// <summary>
    /// For the code that runs once per element of a listing. .NET first compiles a method quickly and unoptimised, and
    /// optimises it only after it has run a while; a command in a fresh pwsh reads a namespace of 10,000 events in
    /// that first code, about 100 ms slower than the download itself. Methods marked with this are optimised the first
    /// time they run. It is .NET Core 3's MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name.
    /// </summary>
    internal static class HotPath
    {
        public const MethodImplOptions Optimized = (MethodImplOptions)512;
    }
}
