using System;
using System.Management.Automation;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Get-MayrosSessionHistory: every change to a session's record (fork, checkpoints, rewinds, undos, status,
    /// removal) as Cortex's DAG signed it, oldest first, in three requests whatever the session's size.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MayrosSessionHistory")]
    [OutputType(typeof(MayrosSessionChange))]
    public sealed class GetMayrosSessionHistoryCommand : MayrosSessionKeyCmdlet
    {
        /// <summary>Only changes at or after this moment. ISO 8601; no offset means UTC.</summary>
        [Parameter]
        [TimestampTransformation]
        public DateTimeOffset Since { get; set; }

        /// <summary>Only changes strictly before this moment. ISO 8601; no offset means UTC.</summary>
        [Parameter]
        [TimestampTransformation]
        public DateTimeOffset Before { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? Since : (DateTimeOffset?)null;
                var before = MyInvocation.BoundParameters.ContainsKey(nameof(Before)) ? Before : (DateTimeOffset?)null;
                var context = CreateContext();
                var history = SessionHistory.Read(context, Session);
                if (history.Count == 0)
                {
                    CommonStreams.Warning(this, SessionHistory.NothingFiled(context, Session) + $". Get-MayrosSession -Session '{Session}' says which (HasRecord).");
                }

                foreach (var change in SessionHistory.Changes(context, Session, history, since, before))
                {
                    WriteObject(change);
                }
            });
        }
    }
}
