using System.IO;
using System.Management.Automation;
using Mayros.PowerShell.Completers;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// Export-MayrosSession: writes a session (with -Recurse, its lineage) to a versioned line-delimited JSON file, or
    /// its lines to the pipeline when no -Path is given.
    /// </summary>
    [Cmdlet(VerbsData.Export, "MayrosSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(string), typeof(MayrosExportResult))]
    public sealed class ExportMayrosSessionCommand : MayrosSessionCmdlet
    {
        /// <summary>The session to export: a key, or a session or fork result from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SessionKey", "ForkedSession")]
        [SessionKeyTransformation]
        [ArgumentCompleter(typeof(SessionKeyCompleter))]
        public string Session { get; set; } = string.Empty;

        /// <summary>Export the session's forks too, and theirs: the whole lineage below it.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>The file to write (replaced if it exists, unless -NoClobber). Without it, the lines go to the pipeline.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Refuse to replace an existing file.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>With -Path: emit a MayrosExportResult describing the file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// Read from the node given in -CortexHost as it is, without asking which node leads: to take sessions off a
        /// node that no longer leads (Cortex keeps batch and event writes on the node that received them).
        /// </summary>
        [Parameter]
        public SwitchParameter StayOnNode { get; set; }

        /// <summary>Export writes a file, not Cortex: it reads wherever reads go, and never needs a leader.</summary>
        internal override bool Writes => false;

        internal override ClientPatience Patience => StayOnNode ? ClientPatience.CommandOnThisNode : ClientPatience.Command;

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            Process(Session, () =>
            {
                var context = CreateContext();
                var plan = SessionExport.Plan(context, Session, Recurse);
                var module = "Mayros.PowerShell " + CortexClientFactory.ModuleVersion;
                if (Path == null)
                {
                    SessionExport.Write(context, plan, module, null, line => WriteObject(line));
                    return;
                }

                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                if (NoClobber && File.Exists(path))
                {
                    throw new MayrosException(
                        ErrorIds.ExportFileUnavailable,
                        ErrorCategory.ResourceExists,
                        $"The file '{path}' exists and -NoClobber was given. Nothing was written.",
                        path,
                        "Give another -Path, or leave out -NoClobber to replace the file.");
                }

                var sessions = plan.Sessions.Count == 1 ? $"session '{plan.Root}'" : $"session '{plan.Root}' and its {plan.Sessions.Count - 1} fork(s)";
                if (!ShouldProcess(path, $"Export {sessions} from namespace '{Resolved.Namespace}' on {Resolved.EndpointText}"))
                {
                    return;
                }

                WriteObjectIf(PassThru, ExportToFile(context, plan, module, path));
            });
        }

        private void WriteObjectIf(bool wanted, object result)
        {
            if (wanted)
            {
                WriteObject(result);
            }
        }

        private static MayrosExportResult ExportToFile(SessionContext context, ExportPlan plan, string module, string path)
        {
            var result = ExportFileWriter.Write(path, line => SessionExport.Write(context, plan, module, path, line));
            result.Length = new FileInfo(path).Length;
            return result;
        }
    }
}
