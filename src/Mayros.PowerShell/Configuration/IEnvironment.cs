using System;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>Environment variables and the home directory, behind an interface so resolution can be tested.</summary>
    internal interface IEnvironment
    {
        string? Get(string name);

        string HomeDirectory { get; }
    }

    internal sealed class ProcessEnvironment : IEnvironment
    {
        public static readonly ProcessEnvironment Instance = new ProcessEnvironment();

        public string? Get(string name) => Environment.GetEnvironmentVariable(name);

        public string HomeDirectory
        {
            get
            {
                var home = Environment.GetEnvironmentVariable("HOME");
                return string.IsNullOrWhiteSpace(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
            }
        }
    }
}
