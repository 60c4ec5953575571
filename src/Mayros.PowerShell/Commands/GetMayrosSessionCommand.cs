using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Get-MayrosSession: every session of the namespace, as agents wrote it (events only, or events and a record),
    /// with its counts, times, agents and size. Reads once, after the last pipeline input.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MayrosSession")]
    [OutputType(typeof(MayrosSessionInfo))]
    public sealed class GetMayrosSessionCommand : MayrosSessionCmdlet
    {
        private readonly List<string> _keys = new List<string>();

        /// <summary>Session keys, wildcards allowed; every session when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string[]? Session { get; set; }

        /// <summary>Only sessions with one of these statuses (active, forked, rewound, incomplete).</summary>
        [Parameter]
        [ValidateSet("active", "forked", "rewound", "incomplete")]
        public string[]? Status { get; set; }

        /// <summary>Only sessions whose last event is at or after this moment. ISO 8601; no offset means UTC.</summary>
        [Parameter]
        [TimestampTransformation]
        public DateTimeOffset Since { get; set; }

        /// <summary>Only sessions whose last event is before this moment. ISO 8601; no offset means UTC.</summary>
        [Parameter]
        [TimestampTransformation]
        public DateTimeOffset Before { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var key in Session ?? Array.Empty<string>())
            {
                // A key that cannot be a session's is an error of its own, and is not looked for.
                var valid = WildcardPattern.ContainsWildcardCharacters(key);
                Process(key, () =>
                {
                    SessionKeys.Validate(key, nameof(Session));
                    valid = true;
                });
                if (valid)
                {
                    _keys.Add(key);
                }
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                Process(null, List);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void List()
        {
            var patterns = _keys.Select(k => new WildcardPattern(k, WildcardOptions.IgnoreCase)).ToList();
            var exact = _keys.Count > 0 && _keys.All(k => !WildcardPattern.ContainsWildcardCharacters(k))
                ? _keys.Select(k => WildcardPattern.Unescape(k)).Distinct(StringComparer.Ordinal).ToList()
                : null;
            bool Wanted(string key) => exact != null
                ? exact.Contains(key, StringComparer.Ordinal)
                : patterns.Count == 0 || patterns.Any(p => p.IsMatch(key));

            var context = CreateContext();
            var sessions = SessionOverview.List(context, Wanted, exact);
            var since = Bound(nameof(Since)) ? Since : (DateTimeOffset?)null;
            var before = Bound(nameof(Before)) ? Before : (DateTimeOffset?)null;
            foreach (var session in sessions)
            {
                if ((Status == null || Status.Contains(session.Status, StringComparer.OrdinalIgnoreCase))
                    && (since == null || session.LastEvent >= since)
                    && (before == null || session.LastEvent < before))
                {
                    WriteObject(session);
                }
            }

            foreach (var key in exact ?? new List<string>())
            {
                if (!sessions.Any(s => s.SessionKey == key))
                {
                    Process(key, () => throw context.SessionNotFound(key));
                }
            }
        }

        private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
    }
}
