using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>Remove-MayrosCheckpoint: removes checkpoints by id, by label, or as checkpoint objects from the pipeline.</summary>
    [Cmdlet(VerbsCommon.Remove, "MayrosCheckpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
    [OutputType(typeof(MayrosCheckpoint))]
    public sealed class RemoveMayrosCheckpointCommand : MayrosSessionCmdlet
    {
        private const string ById = "ById";
        private const string ByLabel = "ByLabel";

        // Gathered per session, in the order given: one read of each session's record serves all its checkpoints.
        private readonly List<(string Session, string[]? Ids, string? Label)> _requests = new List<(string, string[]?, string?)>();

        /// <summary>The session whose checkpoints to remove; a checkpoint object from the pipeline brings its own.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = string.Empty;

        /// <summary>The ids of the checkpoints to remove (Get-MayrosCheckpoint shows them); a checkpoint object brings its own.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
        [Alias("CheckpointId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CheckpointIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Remove every checkpoint of the session whose label matches (wildcards allowed; not case-sensitive).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByLabel)]
        [ArgumentCompleter(typeof(CheckpointLabelCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Label { get; set; } = string.Empty;

        /// <summary>Emit each checkpoint removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            _requests.Add((Session, ParameterSetName == ById ? Id : null, ParameterSetName == ByLabel ? Label : null));
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                foreach (var group in _requests.GroupBy(r => r.Session, StringComparer.Ordinal))
                {
                    RemoveFrom(group.Key, group.ToList());
                }
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void RemoveFrom(string session, IReadOnlyList<(string Session, string[]? Ids, string? Label)> requests)
        {
            SessionContext? context = null;
            IReadOnlyList<CheckpointRemoval.Target> checkpoints = Array.Empty<CheckpointRemoval.Target>();
            Process(session, () =>
            {
                context = CreateContext();
                checkpoints = CheckpointRemoval.Read(context, session);
            });
            if (context == null)
            {
                return;
            }

            var removed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, ids, label) in requests)
            {
                var references = ids ?? new[] { label! };
                foreach (var reference in references)
                {
                    Process(reference, () =>
                    {
                        var targets = ids != null
                            ? new[] { CheckpointRemoval.ById(context, session, checkpoints, reference) }
                            : CheckpointRemoval.ByLabel(context, session, checkpoints, reference);
                        foreach (var target in targets.Where(t => !removed.Contains(t.Checkpoint.Id)))
                        {
                            if (ShouldProcess($"{CheckpointRemoval.Describe(target.Checkpoint)} of {Describe(session)}", "Remove checkpoint"))
                            {
                                CheckpointRemoval.Remove(context, target);
                                removed.Add(target.Checkpoint.Id);
                                if (PassThru)
                                {
                                    WriteObject(target.Checkpoint);
                                }
                            }
                        }
                    });
                }
            }
        }
    }
}
