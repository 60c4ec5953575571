using System;
using System.Management.Automation;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Get-MayrosSessionEvent: a session's events as objects, in timestamp order.</summary>
    [Cmdlet(VerbsCommon.Get, "MayrosSessionEvent")]
    [OutputType(typeof(MayrosSessionEvent))]
    public sealed class GetMayrosSessionEventCommand : MayrosSessionKeyCmdlet
    {
        /// <summary>Only events strictly after this moment. ISO 8601; no offset means UTC.</summary>
        [Parameter]
        [TimestampTransformation]
        public DateTimeOffset After { get; set; }

        /// <summary>Only events strictly before this moment. ISO 8601; no offset means UTC.</summary>
        [Parameter]
        [TimestampTransformation]
        public DateTimeOffset Before { get; set; }

        /// <summary>Also the events rewinds hid (their Rewound property is true).</summary>
        [Parameter]
        public SwitchParameter IncludeRewound { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var after = MyInvocation.BoundParameters.ContainsKey(nameof(After)) ? After : (DateTimeOffset?)null;
                var before = MyInvocation.BoundParameters.ContainsKey(nameof(Before)) ? Before : (DateTimeOffset?)null;
                foreach (var e in EventListing.List(CreateContext(), Session, after, before, IncludeRewound))
                {
                    WriteObject(e);
                }
            });
        }
    }
}
