// netstandard2.0 lacks these compiler support types; defining them here (internal) enables init and records.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
