using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace Mayros.PowerShell.Tests.Infrastructure;

/// <summary>Reads output objects the way a script does: by property name.</summary>
public static class PSObjectExtensions
{
    public static object? Prop(this PSObject value, string name) =>
        (value.Properties[name] ?? throw new Xunit.Sdk.XunitException($"{value.BaseObject.GetType().Name} has no property {name}")).Value;

    public static T Prop<T>(this PSObject value, string name) => (T)value.Prop(name)!;
}

/// <summary>What one pipeline produced, stream by stream, and what the host showed.</summary>
public sealed class ShellResult
{
    public required IReadOnlyList<PSObject> Output { get; init; }

    public required IReadOnlyList<ErrorRecord> Errors { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public required IReadOnlyList<string> Verbose { get; init; }

    public required IReadOnlyList<string> Debug { get; init; }

    public required IReadOnlyList<string> Information { get; init; }

    public required IReadOnlyList<ProgressRecord> Progress { get; init; }

    public required string HostText { get; init; }

    /// <summary>A terminating error, if the pipeline stopped with one.</summary>
    public RuntimeException? Terminated { get; init; }

    /// <summary>Every error, terminating or not.</summary>
    public IEnumerable<ErrorRecord> AllErrors => Errors.Concat(Terminated is null ? Array.Empty<ErrorRecord>() : new[] { Terminated.ErrorRecord });

    /// <summary>Everything a user could see or capture, as text (for "the token appears nowhere" checks).</summary>
    public string AllText => string.Join(
        "\n",
        Output.Select(o => o?.ToString() ?? string.Empty)
            .Concat(Output.SelectMany(o => o?.Properties.Select(p => p.Value?.ToString() ?? string.Empty) ?? Array.Empty<string>()))
            .Concat(AllErrors.Select(e => e.ToString() + "\n" + e.ErrorDetails?.Message + "\n" + e.ErrorDetails?.RecommendedAction + "\n" + e.Exception + "\n" + e.TargetObject
                + "\n" + e.FullyQualifiedErrorId))
            .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information)
            .Concat(Progress.Select(p => p.Activity + " " + p.StatusDescription))
            .Append(HostText));

    /// <summary>The single output object, which must be of the given module type (e.g. "MayrosCheckpoint").</summary>
    public PSObject Single(string modelName)
    {
        var only = Assert.Single(Output);
        Assert.Equal("Mayros.PowerShell.Models." + modelName, only.BaseObject.GetType().FullName);
        return only;
    }

    /// <summary>Every output object, each of the given module type.</summary>
    public IReadOnlyList<PSObject> All(string modelName)
    {
        foreach (var o in Output)
        {
            Assert.Equal("Mayros.PowerShell.Models." + modelName, o.BaseObject.GetType().FullName);
        }

        return Output;
    }

    public void ShouldSucceed()
    {
        Assert.True(Terminated is null, "The pipeline stopped: " + Terminated?.ErrorRecord + "\n" + HostText);
        Assert.True(Errors.Count == 0, "Errors: " + string.Join("\n", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
    }

    /// <summary>The one error of the pipeline (terminating or not).</summary>
    public ErrorRecord Error() => Assert.Single(AllErrors);
}

/// <summary>
/// A PowerShell runspace with the staged module imported, the way a user has it: InitialSessionState.CreateDefault2(),
/// then Import-Module of out/Mayros/&lt;version&gt;/Mayros.psd1 (so the module's loader runs).
/// </summary>
public sealed class MayrosShell : IDisposable
{
    private readonly Runspace _runspace;

    /// <param name="importModule">Import the staged module first.</param>
    /// <param name="userInterface">
    /// False: a runspace with no host of its own, as a program that hosts PowerShell often makes (the chaos soak's
    /// workers): nothing can prompt there, and a prompt fails with HostFunctionNotImplemented. <see cref="Host"/> then
    /// records nothing.
    /// </param>
    public MayrosShell(bool importModule = true, bool userInterface = true)
    {
        Host = new RecordingHost();
        var state = InitialSessionState.CreateDefault2();
        _runspace = userInterface ? RunspaceFactory.CreateRunspace(Host, state) : RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        if (importModule)
        {
            var imported = Run("Import-Module -Name $args[0] -PassThru -ErrorAction Stop", ManifestPath);
            imported.ShouldSucceed();
        }
    }

    public static string ManifestPath { get; } = Metadata("MayrosModuleManifest");

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public RecordingHost Host { get; }

    public Runspace Runspace => _runspace;

    /// <summary>Runs a script; $args holds the arguments. Terminating errors are captured, not thrown.</summary>
    public ShellResult Run(string script, params object?[] args) => Run(script, null, args);

    /// <summary>Runs a script with variables set first (e.g. $port, $ns).</summary>
    public ShellResult Run(string script, IDictionary? variables, params object?[] args)
    {
        Host.Clear();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        if (variables != null)
        {
            foreach (DictionaryEntry entry in variables)
            {
                _runspace.SessionStateProxy.SetVariable((string)entry.Key, entry.Value);
            }
        }

        ps.AddScript(script);
        foreach (var arg in args)
        {
            ps.AddArgument(arg);
        }

        IReadOnlyList<PSObject> output;
        RuntimeException? terminated = null;
        try
        {
            output = ps.Invoke().ToList();
        }
        catch (RuntimeException ex)
        {
            output = Array.Empty<PSObject>();
            terminated = ex;
        }

        return new ShellResult
        {
            Output = output,
            Errors = ps.Streams.Error.ToList(),
            Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
            Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
            Debug = ps.Streams.Debug.Select(d => d.Message).ToList(),
            Information = ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList(),
            Progress = ps.Streams.Progress.ToList(),
            HostText = Host.Text,
            Terminated = terminated,
        };
    }

    /// <summary>
    /// Runs a command inside try/catch and returns what the catch caught: only a terminating error is caught
    /// (a non-terminating one goes to the error stream and the catch never runs).
    /// </summary>
    public ErrorRecord? CatchTerminating(string script, params object?[] args)
    {
        var result = Run("try { " + script + " } catch { $_ }", args);
        return result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().SingleOrDefault();
    }

    public void Dispose() => _runspace.Dispose();

    private static string Metadata(string key) =>
        typeof(MayrosShell).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
