using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace System.Runtime.CompilerServices
{
    /// <summary>netstandard2.0 lacks the attribute; defining it lets the compiler emit a module initializer.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute
    {
    }
}

namespace Mayros.PowerShell.Loading
{
    /// <summary>
    /// Runs when the module's assembly loads, before any cmdlet: it makes the module's dependencies (the Cortex client,
    /// RestSharp, System.Text.Json, in dependencies/) load in a way that cannot clash with other modules. On
    /// PowerShell 7 they go into a private AssemblyLoadContext; on Windows PowerShell 5.1 they load with LoadFrom.
    /// Either way the handler answers only for the module's own assemblies.
    /// </summary>
    internal static class ModuleInitializer
    {
        public const string CortexAssemblyName = "Mayros.PowerShell.Cortex";

        public static string DependencyDirectory { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

        /// <summary>True on .NET Framework (Windows PowerShell 5.1), false on .NET (PowerShell 7).</summary>
        public static bool IsNetFramework { get; } =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        private static int _initialized;

        /// <summary>Runs once, whichever comes first: the module initializer or Import-Module's OnImport.</summary>
        [ModuleInitializer]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255",
            Justification = "A binary module is the application code here: its dependencies must be resolvable before any cmdlet type loads, even when the assembly is loaded " +
            "without Import-Module.")]
        internal static void Initialize()
        {
            if (System.Threading.Interlocked.Exchange(ref _initialized, 1) == 1)
            {
                return;
            }

            // A development build (tests referencing the project) has its dependencies beside the assembly instead.
            if (!Directory.Exists(DependencyDirectory))
            {
                return;
            }

            if (IsNetFramework)
            {
                RegisterFramework();
            }
            else
            {
                RegisterCore();
            }
        }

        // Kept in separate methods, never inlined, so that .NET Framework never compiles code that names
        // AssemblyLoadContext (which it does not have).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RegisterCore() => DependencyLoadContext.Register(DependencyDirectory);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RegisterFramework()
        {
            var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
            AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
            {
                var name = new AssemblyName(args.Name).Name;
                var path = Path.Combine(DependencyDirectory, name + ".dll");
                if (!File.Exists(path))
                {
                    return null;
                }

                // Answer only requests that come from the module itself (or its dependencies).
                var requester = args.RequestingAssembly?.Location;
                var ours = name == CortexAssemblyName
                    || (requester != null && requester.StartsWith(moduleDirectory, StringComparison.OrdinalIgnoreCase));
                return ours ? Assembly.LoadFrom(path) : null;
            };
        }
    }
}
