using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security;
using System.Threading;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Completers
{
    /// <summary>
    /// Completes -Session with the session keys stored in Cortex: those with a record (one listing of
    /// {ns}:session:status), then those that only have events, as Mayros agents write them (the events listing, when
    /// it arrives within the completion's two seconds).
    /// </summary>
    public sealed class SessionKeyCompleter : CortexCompleter
    {
        internal override IEnumerable<CompletionResult> Complete(SessionContext context, string prefix, IDictionary bound)
        {
            var keys = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var triple in context.Api.ListTriples(null, context.Layout.Status))
            {
                if (context.Layout.KeyFromSubject(triple.Subject) is string key && Matches(key, prefix))
                {
                    keys.Add(key);
                }
            }

            try
            {
                context.Api.ListEvents(context.Layout.Namespace, EventSelection.All, e =>
                {
                    if (e.Session is string key && Matches(key, prefix) && !e.Fields.ContainsKey(SessionLayout.RemovedByField))
                    {
                        keys.Add(key);
                    }
                });
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Too slow or refused: the keys with a record are still worth offering.
            }

            return keys.Select(k => new CompletionResult(Quote(k), k, CompletionResultType.ParameterValue, k)).ToList();
        }

        private static bool Matches(string key, string prefix) => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Completes -Checkpoint with the labels and ids of the checkpoints stored in Cortex, newest first, as
    /// Get-MayrosCheckpoint lists them: the typed -Session's (one request for its record), or every session's (one
    /// listing).
    /// </summary>
    public sealed class CheckpointCompleter : CheckpointCompleterBase
    {
        /// <summary>Labels, then ids.</summary>
        public CheckpointCompleter()
            : base(labels: true, ids: true)
        {
        }
    }

    /// <summary>Completes a parameter that takes checkpoint ids only (Remove-MayrosCheckpoint -Id).</summary>
    public sealed class CheckpointIdCompleter : CheckpointCompleterBase
    {
        /// <summary>Ids only.</summary>
        public CheckpointIdCompleter()
            : base(labels: false, ids: true)
        {
        }
    }

    /// <summary>Completes a parameter that takes checkpoint labels only (Remove-MayrosCheckpoint -Label).</summary>
    public sealed class CheckpointLabelCompleter : CheckpointCompleterBase
    {
        /// <summary>Labels only.</summary>
        public CheckpointLabelCompleter()
            : base(labels: true, ids: false)
        {
        }
    }

    /// <summary>The checkpoint completers: labels, ids or both, of the typed -Session's checkpoints or every session's.</summary>
    public abstract class CheckpointCompleterBase : CortexCompleter
    {
        private readonly bool _labels;
        private readonly bool _ids;

        private protected CheckpointCompleterBase(bool labels, bool ids)
        {
            _labels = labels;
            _ids = ids;
        }

        internal override IEnumerable<CompletionResult> Complete(SessionContext context, string prefix, IDictionary bound)
        {
            var checkpoints = CheckpointListing.List(context, Get(bound, "Session") as string, null);
            var labels = checkpoints.Where(c => _labels && c.Label != null && c.Label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .GroupBy(c => c.Label!, StringComparer.Ordinal)
                .Select(g => g.First())
                .Select(c => new CompletionResult(Quote(c.Label!), c.Label, CompletionResultType.ParameterValue,
                    $"{c.Label}: {c.Id} of '{c.SessionKey}', {c.EventCount:N0} events at {Timestamps.Format(c.Timestamp)}"));
            var ids = checkpoints.Where(c => _ids && c.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(c.Id, c.Id, CompletionResultType.ParameterValue,
                    $"{c.Id} of '{c.SessionKey}'{(c.Label == null ? string.Empty : " (" + c.Label + ")")}, {c.EventCount:N0} events at {Timestamps.Format(c.Timestamp)}"));
            return labels.Concat(ids);
        }
    }

    /// <summary>
    /// What the module's completers share: the connection parameters already typed on the command line (and those
    /// $PSDefaultParameterValues gives the command), two seconds for Cortex, no retry, and nothing at all when Cortex
    /// is away or anything else goes wrong.
    /// </summary>
    public abstract class CortexCompleter : IArgumentCompleter
    {
        /// <summary>Characters that make PowerShell read a bare word as something else: a key with one is quoted.</summary>
        private static readonly char[] NeedQuotes = { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '&', '|', '@', '#' };

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            try
            {
                return Start(wordToComplete ?? string.Empty, WithDefaults(commandName, fakeBoundParameters));
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException) && !(ex is StackOverflowException))
            {
                return Array.Empty<CompletionResult>();
            }
        }

        internal abstract IEnumerable<CompletionResult> Complete(SessionContext context, string prefix, IDictionary bound);

        private List<CompletionResult> Start(string word, IDictionary bound)
        {
            var request = new ConnectionRequest
            {
                Hosts = Get(bound, "CortexHost") switch
                {
                    string one => new[] { one },
                    IEnumerable many => many.Cast<object?>().Select(h => h?.ToString() ?? string.Empty).ToArray(),
                    _ => null,
                },
                Port = Get(bound, "CortexPort") is object port && int.TryParse(port.ToString(), out var p) ? p : (int?)null,
                Token = Get(bound, "CortexToken") switch
                {
                    SecureString secure => secure,
                    string text => ConnectionResolver.Secure(text),
                    _ => null,
                },
                Namespace = Get(bound, "Namespace") as string,
                Timeout = CortexClientFactory.CompletionTimeout,
            };
            if ((Get(bound, "Connection") as Models.MayrosConnection ?? ConnectionStore.Current) is { } saved)
            {
                request.Fallback = ConnectionStore.ToRequest(saved);
            }

            var connection = ConnectionResolver.Resolve(request, ProcessEnvironment.Instance);
            using var cancel = new CancellationTokenSource(CortexClientFactory.CompletionTimeout);
            var context = new SessionContext(CortexClientFactory.Create(connection, null, cancel.Token, ClientPatience.Completion), connection.Namespace);
            return Complete(context, word.Trim('\'', '"'), bound).ToList();
        }

        /// <summary>
        /// The parameters typed so far, plus the connection parameters $PSDefaultParameterValues gives this command
        /// (completion sees only what is typed, but the command will run with the defaults too).
        /// </summary>
        private static Hashtable WithDefaults(string commandName, IDictionary bound)
        {
            var merged = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var value = ScriptBlock.Create("$PSDefaultParameterValues").InvokeReturnAsIs();
            if ((value is PSObject wrapped ? wrapped.BaseObject : value) is IDictionary defaults)
            {
                foreach (DictionaryEntry entry in defaults)
                {
                    var key = entry.Key?.ToString() ?? string.Empty;
                    var colon = key.LastIndexOf(':');
                    if (colon <= 0 || entry.Value is ScriptBlock)
                    {
                        continue;
                    }

                    var pattern = new WildcardPattern(key.Substring(0, colon).Trim(), WildcardOptions.IgnoreCase);
                    if (pattern.IsMatch(commandName))
                    {
                        merged[key.Substring(colon + 1).Trim()] = entry.Value;
                    }
                }
            }

            foreach (DictionaryEntry entry in bound)
            {
                merged[entry.Key] = entry.Value;
            }

            return merged;
        }

        internal static object? Get(IDictionary bound, string name)
        {
            var value = bound.Contains(name) ? bound[name] : null;
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        internal static string Quote(string key) =>
            key.IndexOfAny(NeedQuotes) >= 0
                ? "'" + key.Replace("'", "''") + "'"
                : key;
    }
}
