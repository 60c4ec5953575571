using System;
using System.Runtime.CompilerServices;

namespace Mayros.PowerShell.Tests.Infrastructure;

/// <summary>Settings for the whole test process, made before any test runs.</summary>
internal static class TestEnvironment
{
    /// <summary>
    /// Retries pause 20 ms instead of 250 ms, 0.5 s and 1 s (MAYROS_RETRY_DELAY_MS): the fault tests still prove
    /// every retry, without waiting through the back-off a real network needs.
    /// </summary>
    [ModuleInitializer]
    internal static void ShortenRetryPauses() => Environment.SetEnvironmentVariable("MAYROS_RETRY_DELAY_MS", "20");
}
