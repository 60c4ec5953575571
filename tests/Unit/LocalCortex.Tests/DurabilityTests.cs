using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Triples survive a restart and a killed process; the in-memory mode keeps nothing.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly StringBuilder _errors = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "localcortex-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ARestartKeepsTheData()
    {
        string id;
        await using (var first = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, DataDirectory = _dataDirectory, RateLimitPerMinute = 0 }))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            using var created = await http.PostAsync("/api/v1/triples", Json("{\"subject\":\"ex:s\",\"predicate\":\"ex:p\",\"object\":1.0}"));
            id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            using var batch = await http.PostAsync("/api/v1/events",
                Json("{\"namespace\":\"mayros\",\"events\":[{\"id\":\"e1\",\"event_type\":\"t\",\"agent_id\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"session\":\"s\"}]}"));
            Assert.Equal(201, (int)batch.StatusCode);
        }

        await using var second = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, DataDirectory = _dataDirectory, RateLimitPerMinute = 0 });
        Assert.Equal(5, second.Store.Count);
        using var client = new HttpClient { BaseAddress = second.BaseAddress };
        var text = await client.GetStringAsync("/api/v1/triples/" + id);
        Assert.Contains("\"object\":1.0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKilledProcessKeepsWhatItAcknowledged()
    {
        var serverDll = typeof(CortexServer).Assembly.Location;
        using (var process = StartServerProcess(serverDll))
        {
            var baseAddress = await ReadListeningAddress(process);
            using var http = new HttpClient { BaseAddress = baseAddress };
            for (var i = 0; i < 20; i++)
            {
                using var created = await http.PostAsync("/api/v1/triples", Json($"{{\"subject\":\"ex:k{i}\",\"predicate\":\"ex:p\",\"object\":\"v\"}}"));
                Assert.Equal(201, (int)created.StatusCode);
            }

            process.Kill(entireProcessTree: true);
            await WaitForExit(process);
        }

        await using var restarted = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, DataDirectory = _dataDirectory, RateLimitPerMinute = 0 });
        Assert.Equal(20, restarted.Store.Count);
    }

    [Fact]
    public async Task CtrlCStopsTheServerCleanly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGINT cannot be sent to another process on Windows; the handler is the same Console.CancelKeyPress.
        }

        if (SigIntIgnored())
        {
            // Started from a background job (`cmd &` in a script), this process ignores SIGINT, and so does every
            // process it starts: the signal never reaches the server's handler, as Ctrl+C never reaches a job run
            // that way. There is nothing to test then.
            return;
        }

        using var process = StartServerProcess(typeof(CortexServer).Assembly.Location);
        var baseAddress = await ReadListeningAddress(process);
        using (var http = new HttpClient { BaseAddress = baseAddress })
        {
            using var created = await http.PostAsync("/api/v1/triples", Json("{\"subject\":\"ex:c\",\"predicate\":\"ex:p\",\"object\":\"v\"}"));
            Assert.Equal(201, (int)created.StatusCode);
        }

        using (var signal = Process.Start("kill", new[] { "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            await signal.WaitForExitAsync();
        }

        var rest = process.StandardOutput.ReadToEndAsync();
        await WaitForExit(process);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("LocalCortex stopped.", await rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMemoryModeKeepsNothing()
    {
        await using (var first = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, DataDirectory = null, RateLimitPerMinute = 0 }))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            using var created = await http.PostAsync("/api/v1/triples", Json("{\"subject\":\"ex:s\",\"predicate\":\"ex:p\",\"object\":\"v\"}"));
            Assert.Equal(1, first.Store.Count);
            Assert.Null(first.Store.JournalPath);
        }

        await using var second = await CortexServer.StartAsync(new CortexServerOptions { Port = 0, DataDirectory = null, RateLimitPerMinute = 0 });
        Assert.Equal(0, second.Store.Count);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Process StartServerProcess(string serverDll)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { serverDll, "--port", "0", "--data", _dataDirectory, "--rate-limit", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        // Standard error is read as it comes: a server that logs there (Kestrel warns of slow heartbeats on a busy
        // machine) would otherwise fill the pipe and block, and the test would wait on it for ever.
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits for the server process to end, at most a minute; kills it and fails the test after that.</summary>
    private async Task WaitForExit(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (_errors)
            {
                Assert.Fail("The server did not stop within a minute. Its standard error: " + _errors);
            }
        }
    }

    private async Task<Uri> ReadListeningAddress(Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var line = await process.StandardOutput.ReadLineAsync();
            if (line is null)
            {
                await process.WaitForExitAsync();
                lock (_errors)
                {
                    throw new InvalidOperationException("The server exited: " + _errors);
                }
            }

            var match = Regex.Match(line, @"listening on (http://\S+)");
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new TimeoutException("The server did not say where it listens.");
    }

    /// <summary>Whether SIGINT (signal 2) is in this process's ignored set, which the processes it starts inherit.</summary>
    private static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line != null && (Convert.ToUInt64(line.Substring(7).Trim(), 16) & 0x2) != 0;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
