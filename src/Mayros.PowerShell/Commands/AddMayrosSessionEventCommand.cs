using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Add-MayrosSessionEvent: appends events to a session as a Mayros agent writes them (and so makes a session to
    /// try things on). Pipeline input is written in batches: 100,000 events cost one events listing and as many
    /// write requests as 1 MiB bodies hold them.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "MayrosSessionEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MayrosSessionEvent))]
    public sealed class AddMayrosSessionEventCommand : MayrosSessionCmdlet
    {
        private readonly List<CortexEvent> _pending = new List<CortexEvent>();
        private readonly Dictionary<string, CortexEvent> _pendingIds = new Dictionary<string, CortexEvent>(StringComparer.Ordinal);
        private SessionContext? _context;

        /// <summary>The session to add the event to; a key with no events yet makes a new session.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = string.Empty;

        /// <summary>The event type (tool_call, llm_response, note, ...).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("EventType")]
        public string Type { get; set; } = string.Empty;

        /// <summary>The event's fields: names to string values.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        public IDictionary? Fields { get; set; }

        /// <summary>When the event happened (default: now). ISO 8601; no offset means UTC.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [TimestampTransformation]
        public DateTimeOffset Timestamp { get; set; }

        /// <summary>The agent that wrote the event (default: operator).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AgentId")]
        public string? Agent { get; set; }

        /// <summary>The event's id (default: a new GUID). An id Cortex holds with the same content is not written again.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("EventId")]
        public string? Id { get; set; }

        /// <summary>The id of the event this one follows from.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ParentEvent")]
        public string? ParentId { get; set; }

        /// <summary>How long the event took, in milliseconds.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ulong? DurationMs { get; set; }

        /// <summary>Writes each added event to the pipeline (after its batch is written).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                _context ??= CreateContext();
                var input = new EventInput
                {
                    Session = Session,
                    Type = Type,
                    Fields = Fields,
                    Timestamp = Bound(nameof(Timestamp)) ? Timestamp : (DateTimeOffset?)null,
                    Agent = Agent,
                    Id = Id,
                    ParentId = ParentId,
                    DurationMs = DurationMs,
                };
                var e = EventAppend.Build(input, _context.Now());
                if (_pendingIds.TryGetValue(e.Id, out var earlier))
                {
                    if (EventAppend.Difference(e, earlier) is string why)
                    {
                        throw EventAppend.Conflict(_context, e, why.Replace("it is stored", "the pipeline gave it earlier"));
                    }

                    return;
                }

                _pendingIds[e.Id] = e;
                _pending.Add(e);
                if (_pending.Count >= EventAppend.ChunkEvents)
                {
                    Flush();
                }
            });
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                Process(null, Flush);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Flush()
        {
            if (_pending.Count == 0 || _context == null)
            {
                return;
            }

            var events = _pending.ToList();
            _pending.Clear();
            _pendingIds.Clear();
            var plan = EventAppend.Plan(_context, events);
            var sessions = events.Select(e => e.Session!).Distinct(StringComparer.Ordinal).ToList();
            var target = sessions.Count == 1
                ? Describe(sessions[0])
                : $"{sessions.Count:N0} sessions in namespace '{Resolved.Namespace}' on {Resolved.EndpointText}";
            var unchanged = plan.Unchanged > 0 ? $"; {plan.Unchanged:N0} stored already" : string.Empty;
            var action = $"Add {Wording.Count(plan.ToWrite.Count, "event")} in {Wording.Count(plan.Writes.RequestCount, "write request")}{unchanged}";
            if (plan.ToWrite.Count == 0)
            {
                WriteVerbose($"{target}: {action}.");
                return;
            }

            if (!ShouldProcess(target, action))
            {
                return;
            }

            EventAppend.Apply(_context, plan, "Add-MayrosSessionEvent");
            if (PassThru)
            {
                foreach (var e in plan.ToWrite)
                {
                    var stored = new SessionEvent(e.Id, e.Session!, e.Type, e.Agent, e.Timestamp, e.ParentEvent, e.DurationMs, e.Fields);
                    WriteObject(EventListing.ToModel(stored, hidden: false));
                }
            }
        }

        private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
    }
}
