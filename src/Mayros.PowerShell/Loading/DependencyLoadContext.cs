using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Mayros.PowerShell.Loading
{
    /// <summary>
    /// The module's private load context on PowerShell 7. The default context asks it only for the Cortex client
    /// assembly; everything that assembly needs is then resolved here, from dependencies/, except framework
    /// assemblies the running .NET already has in the same or a newer version (System.Memory, and System.Text.Json
    /// on .NET 10), which stay shared so that their types unify with the runtime's.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static DependencyLoadContext? _instance;
        private readonly string _directory;
        private readonly string _frameworkDirectory;

        // The netstandard reference of AssemblyLoadContext has only the parameterless constructor, so the context
        // is known by its type (Mayros.PowerShell.Loading.DependencyLoadContext) rather than a name.
        private DependencyLoadContext(string directory)
        {
            _directory = directory;
            _frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        }

        /// <summary>The module's context, once registered.</summary>
        public static AssemblyLoadContext? Instance => _instance;

        public static void Register(string directory)
        {
            if (_instance != null)
            {
                return;
            }

            _instance = new DependencyLoadContext(directory);
            Default.Resolving += (context, name) =>
                string.Equals(name.Name, ModuleInitializer.CortexAssemblyName, StringComparison.Ordinal)
                    ? _instance.LoadFromAssemblyName(name)
                    : null;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            if (!File.Exists(path))
            {
                return null; // netstandard, System.Runtime and the rest of the framework: the default context's
            }

            if (FrameworkHas(assemblyName))
            {
                return null;
            }

            return LoadFromAssemblyPath(path);
        }

        private bool FrameworkHas(AssemblyName requested)
        {
            var frameworkPath = Path.Combine(_frameworkDirectory, requested.Name + ".dll");
            if (!File.Exists(frameworkPath))
            {
                return false;
            }

            try
            {
                var version = AssemblyName.GetAssemblyName(frameworkPath).Version;
                return version != null && (requested.Version == null || version >= requested.Version);
            }
            catch (Exception ex) when (ex is BadImageFormatException || ex is IOException)
            {
                return false;
            }
        }
    }
}
