using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Threading;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Http;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// The base of every Mayros cmdlet, and deliberately thin: the connection parameters, resolving them once in
    /// BeginProcessing, cancelling on Ctrl+C, and turning failures into error records. No HTTP, no JSON.
    /// </summary>
    public abstract class MayrosCmdlet : PSCmdlet, IDisposable
    {
        private CancellationTokenSource? _cancellation;
        private ResolvedConnection? _connection;

        /// <summary>The Cortex host (or several, for a cluster). Default: CORTEX_HOST, the config file, then 127.0.0.1.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? CortexHost { get; set; }

        /// <summary>The Cortex port. Default: CORTEX_PORT, the config file, then 8080.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int CortexPort { get; set; }

        /// <summary>The bearer token, if the Cortex checks one. Default: CORTEX_AUTH_TOKEN, then the config file.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? CortexToken { get; set; }

        /// <summary>The agent namespace of the triples. Default: the config file, then 'mayros'.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Namespace { get; set; }

        /// <summary>Seconds one request may take. Default: 60.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        internal ResolvedConnection Resolved => _connection ?? throw new InvalidOperationException("The connection is resolved in BeginProcessing.");

        internal CancellationToken Cancellation => _cancellation?.Token ?? CancellationToken.None;

        /// <summary>Releases the Ctrl+C cancellation source; PowerShell calls it when the command ends.</summary>
        public void Dispose()
        {
            _cancellation?.Dispose();
            _cancellation = null;
            GC.SuppressFinalize(this);
        }

        /// <summary>Resolves the connection once, and warns when the token would travel unencrypted.</summary>
        protected override void BeginProcessing()
        {
            _cancellation = new CancellationTokenSource();
            try
            {
                _connection = ConnectionResolver.Resolve(BuildRequest(), ProcessEnvironment.Instance);
            }
            catch (MayrosException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.From(ex, null, null).Record);
            }

            CortexClientFactory.Identify(PowerShellVersion());
            CommonStreams.Verbose(this, "Using " + Resolved.Describe() + ".");
            if (Resolved.TokenTravelsInClearText)
            {
                CommonStreams.Warning(
                    this,
                    $"The Cortex token will travel unencrypted over plain HTTP to {Resolved.EndpointText}, which is not this machine. Use a TLS endpoint (https://), a " +
                    $"tunnel, or Cortex on loopback.");
            }
        }

        /// <summary>Ctrl+C: cancels the request in flight and any pause between attempts.</summary>
        protected override void StopProcessing() => _cancellation?.Cancel();

        /// <summary>Releases the cancellation source once every input record is processed.</summary>
        protected override void EndProcessing() => Dispose();

        /// <summary>This command's own connection parameters; null where one was not given.</summary>
        internal virtual ConnectionRequest BuildRequest() => new ConnectionRequest
        {
            Hosts = CortexHost,
            Port = MyInvocation.BoundParameters.ContainsKey(nameof(CortexPort)) ? CortexPort : (int?)null,
            Token = CortexToken,
            Namespace = Namespace,
            Timeout = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
        };

        /// <summary>
        /// Whether this command writes to Cortex: every cmdlet that does supports ShouldProcess, and no other does. A
        /// writing command finds the cluster's leader before its first request.
        /// </summary>
        internal virtual bool Writes => (Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute)) as CmdletAttribute)?.SupportsShouldProcess == true;

        /// <summary>How this command's client behaves: a command's patience, unless the command says otherwise.</summary>
        internal virtual ClientPatience Patience => ClientPatience.Command;

        /// <summary>A session context for this command: the Cortex client with this command's log, token and Ctrl+C.</summary>
        internal SessionContext CreateContext()
        {
            var api = CortexClientFactory.Create(Resolved, new CmdletLog(this), Cancellation, Patience, writes: Writes);
            return new SessionContext(api, Resolved.Namespace, reporter: new CmdletReporter(this));
        }

        /// <summary>
        /// A session context on another connection from Connect-MayrosCortex (the other side of a comparison), with this
        /// command's log, patience and Ctrl+C.
        /// </summary>
        internal SessionContext CreateContext(Models.MayrosConnection other, string parameter)
        {
            var request = ConnectionStore.ToRequest(other) ?? throw new MayrosException(
                ErrorIds.NotConnected,
                ErrorCategory.ConnectionError,
                $"The connection to {other} given to -{parameter} was closed by Disconnect-MayrosCortex.",
                other,
                "Run Connect-MayrosCortex again and use the connection it returns.",
                terminating: true);
            var resolved = ConnectionResolver.Resolve(request, ProcessEnvironment.Instance);
            var api = CortexClientFactory.Create(resolved, new CmdletLog(this), Cancellation, Patience, writes: Writes);
            return new SessionContext(api, resolved.Namespace, reporter: new CmdletReporter(this));
        }

        /// <summary>
        /// Runs the work for one input record. A failure of that record is a non-terminating error and the next record
        /// goes on; a failure that dooms every record (Cortex unreachable, the token refused) stops the command.
        /// </summary>
        internal void Process(object? target, Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (ex is MayrosException || ex is CortexException)
            {
                var (record, terminating) = ErrorRecordFactory.From(ex, target, Resolved.RevealToken());
                if (terminating)
                {
                    ThrowTerminatingError(record);
                }

                WriteError(record);
            }
        }

        /// <summary>"session 'x' in namespace 'mayros' on http://127.0.0.1:8080", for ShouldProcess.</summary>
        internal string Describe(string session) => $"session '{session}' in namespace '{Resolved.Namespace}' on {Resolved.EndpointText}";

        private string PowerShellVersion()
        {
            try
            {
                return (SessionState.PSVariable.GetValue("PSVersionTable") as Hashtable)?["PSVersion"]?.ToString() ?? "unknown";
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return "unknown";
            }
        }

        /// <summary>The client's log, written on the pipeline thread (the client blocks the caller and logs on it).</summary>
        /// <summary>The progress activity of a rate-limit wait, apart from the operation's own.</summary>
        private const int RateLimitActivityId = 0x4D5A;

        private bool _rateLimitWarned;

        private sealed class CmdletLog : ICortexLog
        {
            private readonly MayrosCmdlet _cmdlet;
            private readonly bool _verbose;

            public CmdletLog(MayrosCmdlet cmdlet)
            {
                _cmdlet = cmdlet;
                IsDebugEnabled = CommonStreams.DebugWanted(cmdlet);
                _verbose = CommonStreams.VerboseWanted(cmdlet);
            }

            public bool IsDebugEnabled { get; }

            public void Verbose(string message)
            {
                if (_verbose)
                {
                    _cmdlet.WriteVerbose(message);
                }
            }

            public void Debug(string message) => _cmdlet.WriteDebug(message);

            public void RateLimitWait(Uri server, TimeSpan left, TimeSpan total)
            {
                const string activity = "Waiting for Cortex's rate limit";
                if (!_cmdlet._rateLimitWarned)
                {
                    _cmdlet._rateLimitWarned = true;
                    CommonStreams.Warning(
                        _cmdlet,
                        $"Cortex at {server.GetLeftPart(UriPartial.Authority)} is rate-limiting this client (a stock Cortex allows 100 requests a minute) "
                        + $"and asked it to wait {Math.Ceiling(total.TotalSeconds):0} s; the command goes on after the wait. Other clients on this "
                        + "machine share the limit.");
                }

                var record = new ProgressRecord(RateLimitActivityId, activity, $"{Math.Ceiling(left.TotalSeconds):0} s of {Math.Ceiling(total.TotalSeconds):0} s left")
                {
                    SecondsRemaining = (int)Math.Ceiling(left.TotalSeconds),
                    PercentComplete = (int)(100 * (1 - (left.TotalSeconds / total.TotalSeconds))),
                };
                if (left <= TimeSpan.Zero)
                {
                    record.RecordType = ProgressRecordType.Completed;
                }

                _cmdlet.WriteProgress(record);
            }
        }

        private sealed class CmdletReporter : IOperationReporter
        {
            private const int ActivityId = 0x4D59; // "MY"
            private readonly MayrosCmdlet _cmdlet;

            public CmdletReporter(MayrosCmdlet cmdlet) => _cmdlet = cmdlet;

            public void Warning(string message) => CommonStreams.Warning(_cmdlet, message);

            public void Progress(string activity, string status, int percentComplete, int secondsRemaining = -1) =>
                _cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, status)
                {
                    PercentComplete = Math.Max(0, Math.Min(100, percentComplete)),
                    SecondsRemaining = secondsRemaining,
                });

            public void Verbose(string message) => CommonStreams.Verbose(_cmdlet, message);

            public void ProgressCompleted(string activity) =>
                _cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
