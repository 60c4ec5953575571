using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace Mayros.Soak;

/// <summary>An error as the soak judges it: its stable id, its category, and what it said.</summary>
internal sealed record SoakError(string Id, string Category, string Message);

/// <summary>What one invocation gave back: the output objects, the errors, and every text any stream carried.</summary>
internal sealed class ShellResult
{
    public List<PSObject> Output { get; } = new();

    public List<SoakError> Errors { get; } = new();

    /// <summary>Everything shown anywhere: output (and its properties), errors (with exceptions), verbose, debug, warnings, information.</summary>
    public StringBuilder Shown { get; } = new();

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// One worker's PowerShell: a runspace of its own (CreateDefault2, the full engine), the staged module imported, and
/// two connections made with the token, $cluster (the leader/follower pair) and $other (the import target).
/// </summary>
internal sealed class WorkerShell : IDisposable
{
    private readonly Runspace _runspace;

    public WorkerShell(string modulePath, SoakCluster cluster, string ns)
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        var setUp = Run("""
            param($module, $hosts, $other, $token, $ns)
            Import-Module $module -ErrorAction Stop
            $secure = ConvertTo-SecureString $token -AsPlainText -Force
            $global:cluster = Connect-MayrosCortex -CortexHost $hosts -CortexToken $secure -Namespace $ns -TimeoutSec 2
            $global:other = Connect-MayrosCortex -CortexHost $other -CortexToken $secure -Namespace $ns -TimeoutSec 2
            $global:ConfirmPreference = 'None'
            """, modulePath, cluster.ClusterHosts, cluster.OtherHost, cluster.Token, ns);
        if (!setUp.Succeeded)
        {
            throw new InvalidOperationException("A worker's runspace did not set up: " + string.Join("; ", setUp.Errors));
        }
    }

    /// <summary>Every error id the module declares (Mayros.PowerShell.Errors.ErrorIds), read from the imported module.</summary>
    public HashSet<string> DeclaredErrorIds()
    {
        var result = Run("[Mayros.PowerShell.Errors.ErrorIds].GetFields() | ForEach-Object { $_.GetValue($null) }");
        return result.Output.Select(o => o.BaseObject.ToString()!).ToHashSet(StringComparer.Ordinal);
    }

    public ShellResult Run(string script, params object?[] args)
    {
        var result = new ShellResult();
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var arg in args)
        {
            ps.AddArgument(arg);
        }

        try
        {
            foreach (var item in ps.Invoke())
            {
                if (item != null)
                {
                    result.Output.Add(item);
                    Show(result.Shown, item);
                }
            }
        }
        catch (RuntimeException ex)
        {
            Add(result, ex.ErrorRecord);
        }

        foreach (var error in ps.Streams.Error)
        {
            Add(result, error);
        }

        foreach (var line in ps.Streams.Verbose.Select(v => v.Message)
            .Concat(ps.Streams.Debug.Select(d => d.Message))
            .Concat(ps.Streams.Warning.Select(w => w.Message))
            .Concat(ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty)))
        {
            result.Shown.AppendLine(line);
        }

        return result;
    }

    public void Dispose() => _runspace.Dispose();

    private static void Add(ShellResult result, ErrorRecord error)
    {
        var id = error.FullyQualifiedErrorId.Split(',')[0];
        var message = error.ErrorDetails?.Message ?? error.Exception.Message;
        result.Errors.Add(new SoakError(id, error.CategoryInfo.Category.ToString(), message));
        result.Shown.AppendLine(error.FullyQualifiedErrorId).AppendLine(error.ToString()).AppendLine(message)
            .AppendLine(error.Exception.ToString()).AppendLine(error.CategoryInfo.ToString()).AppendLine(error.TargetObject?.ToString());
    }

    private static void Show(StringBuilder shown, PSObject item)
    {
        shown.AppendLine(item.ToString());
        foreach (var property in item.Properties)
        {
            try
            {
                shown.Append(property.Name).Append('=').AppendLine(property.Value?.ToString());
            }
            catch (GetValueException)
            {
                // A property that throws shows nothing.
            }
        }
    }
}
