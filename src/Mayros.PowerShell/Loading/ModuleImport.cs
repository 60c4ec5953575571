using System.Management.Automation;

namespace Mayros.PowerShell.Loading
{
    /// <summary>
    /// Import-Module calls this before anything else of the module can run. A module initializer alone runs only
    /// when the module's code first runs, and reflection does not run code: a script that inspected the module's
    /// types right after importing it (Get-Member on a type, GetMembers()) would find the Cortex client unloadable.
    /// </summary>
    public sealed class ModuleImport : IModuleAssemblyInitializer
    {
        /// <summary>Makes the Cortex client in dependencies/ loadable before any of the module's code runs.</summary>
        public void OnImport() => ModuleInitializer.Initialize();
    }
}
