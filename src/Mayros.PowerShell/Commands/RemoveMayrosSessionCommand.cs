using System.Collections.Generic;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Remove-MayrosSession: takes a session (with -Recurse, its whole lineage) out of every listing and count, in a
    /// few requests; with -Purge, also deletes every triple it left, one request each, at Cortex's rate limit.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MayrosSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MayrosRemovalResult))]
    public sealed class RemoveMayrosSessionCommand : MayrosSessionCmdlet
    {
        private readonly List<string> _sessions = new List<string>();

        /// <summary>The session to remove: a key, or a session or fork result from the pipeline. Never a default.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation(WholeSessionsOnly = true)]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = string.Empty;

        /// <summary>Remove the session's forks too, and theirs, leaves first. Without it a session with forks is refused.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>
        /// Also delete every triple the session leaves stored (its events, markers, records), one request per triple at
        /// Cortex's 100 a minute. Interrupted, the same command continues where it stopped.
        /// </summary>
        [Parameter]
        public SwitchParameter Purge { get; set; }

        /// <summary>Emit a MayrosRemovalResult per session removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>-WhatIf, or $WhatIfPreference: the purge is counted before anything is written, to be shown.</summary>
        private bool WhatIfWanted => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            // Gathered first: piped sessions go forks before parents, so a parent and its forks can come in any order.
            if (!_sessions.Contains(Session))
            {
                _sessions.Add(Session);
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                IReadOnlyList<string> order = _sessions;
                if (_sessions.Count > 1)
                {
                    Process(null, () => order = SessionRemoval.LeavesFirst(CreateContext(), _sessions, Recurse));
                }

                foreach (var key in order)
                {
                    Process(key, () =>
                    {
                        var context = CreateContext();
                        var plan = SessionRemoval.Plan(context, key, Recurse, Purge, countPurge: WhatIfWanted);
                        if (ShouldProcess($"{Describe(key)} ({SessionRemoval.Describe(plan)})", Purge ? "Remove and purge" : "Remove"))
                        {
                            foreach (var result in SessionRemoval.Apply(context, plan))
                            {
                                if (PassThru)
                                {
                                    WriteObject(result);
                                }
                            }
                        }
                    });
                }
            }
            finally
            {
                base.EndProcessing();
            }
        }
    }
}
