using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using LocalCortex;

namespace Mayros.Benchmarks;

/// <summary>The local Cortex in a process of its own, as a real Cortex is: its work and the module's never share a heap.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    /// <param name="dag">False for a server that keeps no DAG (--no-dag): an in-memory DAG of millions of writes, which
    /// Cortex keeps on disk, would fill this machine's memory, and no command measured without it reads the DAG.</param>
    public static async Task<ServerProcess> StartAsync(bool dag = true)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };

        // Workstation GC, as in the module's process: on two cores a server GC's threads would compete with the
        // client for the CPU at unpredictable moments.
        start.Environment["DOTNET_gcServer"] = "0";

        // Fully optimised code from the first request, as a server that has run for days has: a fresh process per
        // measurement would otherwise answer with its first-tier code and flatter every ratio.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        foreach (var arg in new[] { typeof(CortexServer).Assembly.Location, "--port", "0", "--memory", "--rate-limit", "0" }.Concat(dag ? [] : ["--no-dag"]))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var at = line.IndexOf("listening on ", StringComparison.Ordinal);
            if (at >= 0)
            {
                return new ServerProcess(process, new Uri(line[(at + "listening on ".Length)..].Trim()));
            }
        }

        throw new InvalidOperationException("The local Cortex did not start.");
    }

    public ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
