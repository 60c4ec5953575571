using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Records;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>
    /// What a fork will do, decided before anything is written (and shown by -WhatIf). It holds the source's events in
    /// a temporary file, read again as the copies are written; disposing it deletes the file.
    /// </summary>
    internal sealed class ForkPlan : IDisposable
    {
        private readonly IDisposable[] _owned;

        public ForkPlan(string source, string name, bool resume, string forkedAtText, DateTimeOffset forkedAt, int eventCount, CortexWritePlan eventWrites,
            SessionRecord sourceRecord, params IDisposable[] owned)
        {
            Source = source;
            Name = name;
            Resume = resume;
            ForkedAtText = forkedAtText;
            ForkedAt = forkedAt;
            EventCount = eventCount;
            EventWrites = eventWrites;
            SourceRecord = sourceRecord;
            _owned = owned;
        }

        public string Source { get; }

        public string Name { get; }

        /// <summary>True when an interrupted fork of the same source to the same name is being finished.</summary>
        public bool Resume { get; }

        public string ForkedAtText { get; }

        public DateTimeOffset ForkedAt { get; }

        /// <summary>How many of the source's live events will be copied.</summary>
        public int EventCount { get; }

        public CortexWritePlan EventWrites { get; }

        public SessionRecord SourceRecord { get; }

        /// <summary>The moment the copy reaches, for a fork from a past point; null for a fork of the present.</summary>
        public string? ForkPointText { get; set; }

        public string? CheckpointId { get; set; }

        /// <summary>What the fork's record will hold, as stored in its intent.</summary>
        public StoredForkIntent Intent => new StoredForkIntent(Source, ForkedAtText, ForkPointText, CheckpointId);

        public void Dispose()
        {
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }
        }
    }

    /// <summary>
    /// New-MayrosFork: copies every live event of a session into a new one (new ids, same timestamps, agents, types
    /// and fields; parent links remapped), then records the fork. The order of writes makes an interruption safe:
    /// the fork's intent (forkedFrom, parentSession, forkedAt, which no listing shows), then the events, then the
    /// source's status, and last the new session's status, which is what makes it visible. The copied events get ids
    /// derived from the fork name and the source event, so running the same command again writes nothing twice.
    /// </summary>
    internal static class ForkOperation
    {
        public static ForkPlan Plan(SessionContext context, string source, string? name) => Plan(context, source, name, null, null);

        /// <summary>A fork from a checkpoint (id or label): of the given session, or of whichever session holds that id.</summary>
        public static ForkPlan PlanFromCheckpoint(SessionContext context, string? source, string? name, string checkpoint)
        {
            var (found, record) = CheckpointFinder.Resolve(context, source, checkpoint);
            return Plan(context, found.SessionKey, name, SessionPoint.From(found), record);
        }

        public static ForkPlan Plan(SessionContext context, string source, string? name, SessionPoint? point, SessionRecord? knownSourceRecord)
        {
            SessionKeys.Validate(source, "Session");
            if (point != null && point.Checkpoint == null && point.Time > context.Clock())
            {
                throw new MayrosException(
                    ErrorIds.ForkPointInFuture,
                    ErrorCategory.InvalidArgument,
                    $"The fork point {Timestamps.Format(point.Time)} is in the future (it is now {Timestamps.Format(context.Now())}). Nothing was written.",
                    point.Time,
                    "Pass -At a past moment (a value without an offset is read as UTC), or leave -At out to fork the present.");
            }

            name ??= "fork-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            SessionKeys.Validate(name, "Name");
            if (string.Equals(source, name, StringComparison.Ordinal))
            {
                throw Exists(context, name, $"it is the session being forked; give the fork another -Name");
            }

            // The source's events, and the target's (an unfinished fork of the same name is finished, not duplicated),
            // each in a temporary file: read once to check and plan, and again as the copies are written.
            var (index, sourceRecord, sourceEvents) = EventIndex.LoadSpooled(context, source, knownSourceRecord, alsoSpooled: new[] { name });
            // Kept with the plan, not disposed here: the copies' ids are derived again as each request is written.
            var sha = SHA256.Create();
            try
            {
                return Plan(context, source, name, point, index, sourceRecord, sourceEvents, sha);
            }
            catch
            {
                sha.Dispose();
                index.Dispose();
                throw;
            }
        }

        private static ForkPlan Plan(SessionContext context, string source, string name, SessionPoint? point, EventIndex index, SessionRecord sourceRecord,
            EventSpool sourceEvents, SHA256 sha)
        {
            var targetRecord = context.ReadRecord(name);
            var targetEvents = index.Spooled(name);
            // A name whose earlier session was removed (its events still stored, marked removed) gets copies of its own.
            var generation = string.Join(",", index.RemovalsOf(name));
            var resume = false;
            if (targetRecord.Status != null)
            {
                throw Exists(context, name, $"it has the status '{targetRecord.Status}'");
            }

            if (targetRecord.Exists || targetEvents.Count > 0)
            {
                var unfinishedForkOfSource = targetRecord.ForkedFromTriples.Any(t => context.Layout.KeyFromValue(t.Object) == source)
                    && targetEvents.Events().All(e => e.CopiedFrom != null && e.Id == CopyId(sha, context.Layout.Namespace, name, e.CopiedFrom, generation));
                if (!unfinishedForkOfSource)
                {
                    var why = targetRecord.ForkedFrom is { } other && other != source
                        ? $"an unfinished fork of '{other}' holds that name (run New-MayrosFork -Session '{other}' -Name '{name}' to finish it)"
                        : $"it already has {targetEvents.Count:N0} events or a session record";
                    throw Exists(context, name, why);
                }

                resume = true;
            }

            var now = context.Now();
            var forkedAtText = resume && targetRecord.ForkedAtText != null ? targetRecord.ForkedAtText : Timestamps.Format(now);
            var forkedAt = Timestamps.ParseStored(forkedAtText) ?? now;

            // A checkpoint is the session as it was then: events a later rewind hid count, restored copies a later undo
            // wrote do not. A moment (-At) is a point on the session's timeline as it stands now.
            var liveThen = point?.Checkpoint != null ? sourceRecord.LiveAt(point.Checkpoint.Timestamp) : sourceRecord.IsLive;
            var copies = liveThen;
            if (point != null)
            {
                var atOrBefore = point.Cut(context, source, sourceEvents.Events, liveThen);
                copies = e => liveThen(e) && atOrBefore(e);
            }

            var forkPointText = point == null ? null : Timestamps.Format(point.Time);
            if (resume && !string.Equals(targetRecord.ForkPointText, forkPointText, StringComparison.Ordinal))
            {
                throw Exists(context, name, UnfinishedFromAnotherPoint(source, targetRecord.ForkPointText));
            }

            var toCopy = SpoolSelection.Choose(sourceEvents, copies, index.AgentsOf);
            // What the interrupted run copied must still be wanted: a rewind or removal in the source since then hid
            // some of it, and finishing would leave those copies in a fork that claims to be the source.
            var outdated = resume ? targetEvents.Events().Count(e => e.CopiedFrom is string original && !toCopy.Has(original, 0)) : 0;
            if (outdated > 0)
            {
                toCopy.Dispose();
                throw Exists(context, name, Outdated(source, name, outdated));
            }

            var eventWrites = EventCopies.Plan(context, toCopy, name, id => CopyId(sha, context.Layout.Namespace, name, id, generation), CopyFields);
            return new ForkPlan(source, name, resume, forkedAtText, forkedAt, toCopy.Count, eventWrites, sourceRecord, toCopy, index, sha)
            {
                ForkPointText = forkPointText,
                CheckpointId = point?.Checkpoint?.Id,
            };
        }

        public static MayrosForkResult Apply(SessionContext context, ForkPlan plan)
        {
            var layout = context.Layout;
            var activity = $"Forking session '{plan.Source}' into '{plan.Name}'";

            // 1. The intent: invisible to listings (no status yet), and how a re-run recognises an unfinished fork.
            var intent = new List<CortexTripleInput>
            {
                context.SessionRow(plan.Name, layout.ForkedFrom, plan.Source),
                context.SessionRow(plan.Name, layout.ParentSession, plan.Source),
                context.SessionRow(plan.Name, layout.ForkedAt, plan.ForkedAtText),
            };
            if (plan.ForkPointText != null)
            {
                intent.Add(context.SessionRow(plan.Name, layout.ForkPoint, plan.ForkPointText));
            }

            if (plan.CheckpointId != null)
            {
                intent.Add(context.SessionRow(plan.Name, layout.ForkCheckpoint, plan.CheckpointId));
            }

            intent.Add(context.SessionRow(plan.Name, layout.ForkIntent, ForkIntentJson.Write(plan.Intent)));
            context.Write(intent, Array.Empty<CortexTriple>());
            EnsureThisForkGoesOn(context, plan);

            // 2. The events, one request per MiB; each request is atomic and skips what is already stored.
            context.WriteWithProgress(plan.EventWrites, activity, $"Copying {plan.EventCount:N0} events", (done, total) => $"Copied {done:N0} of {total:N0} events");

            // 3. The source is now "forked".
            if (plan.SourceRecord.Status != "forked")
            {
                context.Write(
                    new[] { context.SessionRow(plan.Source, layout.Status, "forked") },
                    SessionContext.Replaced(plan.SourceRecord, layout.Status, "forked"));
            }

            // 4. Last, the status that makes the fork visible. Cortex refuses a duplicate create, so of two commands
            //    finishing the same fork at once exactly one succeeds.
            var outcome = context.Api.CreateTriple(context.SessionRow(plan.Name, layout.Status, "active"));
            if (outcome == CreateOutcome.AlreadyExisted)
            {
                throw Exists(context, plan.Name, "another command finished the same fork at the same moment, and its result stands", wroteNothing: false);
            }

            return new MayrosForkResult(plan.Source, plan.Name, plan.ForkedAt, plan.EventCount, Timestamps.ParseStored(plan.ForkPointText), plan.CheckpointId);
        }

        /// <summary>
        /// The id a copied event gets: a UUID (version 5 layout) derived from the namespace, the fork and the source
        /// event, so a repeated fork writes the same events again (which Cortex skips) instead of duplicates.
        /// </summary>
        public static string CopyId(string @namespace, string forkKey, string sourceEventId)
        {
            using var sha = SHA256.Create();
            return CopyId(sha, @namespace, forkKey, sourceEventId);
        }

        /// <summary>
        /// The same id, with a hasher the caller reuses across a whole fork; under a name that removed sessions held
        /// before, the removals they left (<paramref name="generation"/>) are part of it.
        /// </summary>
        internal static string CopyId(HashAlgorithm sha, string @namespace, string forkKey, string sourceEventId, string generation = "") =>
            generation.Length == 0
                ? EventCopies.DerivedId(sha, "mayros-fork-event", @namespace, forkKey, sourceEventId)
                : EventCopies.DerivedId(sha, "mayros-fork-event", @namespace, forkKey, sourceEventId, generation);

        private static FieldDictionary CopyFields(SessionEvent e) =>
            EventCopies.OwnFields(e, keepCopiedFrom: false, new KeyValuePair<string, string>(SessionLayout.CopiedFromField, e.Id));

        /// <summary>
        /// Two forks to one name that start together (of the same session or of two) both read an empty record and both
        /// write an intent. Each reads the record again: the intent Cortex stored first goes on (its writer, reading
        /// after its own write, can only find itself first), and every other takes back the values of its own that
        /// differ, so the record holds one forkedAt, one forkedFrom, one parentSession, and stops before copying
        /// anything. Forks that would write the same record (a re-run finishing an interrupted fork) go on together;
        /// the single create of the status decides which of them reports success.
        /// </summary>
        private static void EnsureThisForkGoesOn(SessionContext context, ForkPlan plan)
        {
            var layout = context.Layout;
            var record = context.ReadRecord(plan.Name);
            var first = record.Values(layout.ForkIntent)
                .Select(t => (Triple: t, Intent: t.Object.IsString ? ForkIntentJson.TryRead(t.Object.Text!) : null))
                .Where(x => x.Intent != null)
                .OrderBy(x => x.Triple.CreatedAt ?? DateTimeOffset.MaxValue)
                .ThenBy(x => x.Triple.Object.Text, StringComparer.Ordinal)
                .FirstOrDefault();
            if (first.Intent == null || first.Intent.Equals(plan.Intent))
            {
                return;
            }

            var winner = first.Intent;
            var mine = plan.Intent;
            bool Mine(CortexTriple t, string predicate, string? myValue, string? theirs) =>
                t.Predicate == predicate && myValue != null && myValue != theirs && t.Object.ToText() == myValue;
            var takeBack = record.Triples.Where(t =>
                (t.Predicate == layout.ForkIntent && t.Object.ToText() == ForkIntentJson.Write(mine))
                || (mine.Source != winner.Source && (Mine(t, layout.ForkedFrom, mine.Source, null) || Mine(t, layout.ParentSession, mine.Source, null)))
                || Mine(t, layout.ForkedAt, mine.ForkedAt, winner.ForkedAt)
                || Mine(t, layout.ForkPoint, mine.ForkPoint, winner.ForkPoint)
                || Mine(t, layout.ForkCheckpoint, mine.ForkCheckpoint, winner.ForkCheckpoint)).ToList();
            context.Write(Array.Empty<CortexTripleInput>(), takeBack);
            var why = winner.Source == plan.Source
                ? $"another fork of '{plan.Source}' to the same name started at the same moment and goes on, so this one took back what it had written"
                : $"a fork of '{winner.Source}' to the same name started first, so this one took back what it had written";
            throw Exists(context, plan.Name, why, wroteNothing: false);
        }

        /// <summary>Why a fork cannot finish an unfinished fork of the same source that was going to another point.</summary>
        private static string UnfinishedFromAnotherPoint(string source, string? itsPoint) => itsPoint == null
            ? $"an unfinished fork of '{source}' of its present holds that name; finish it with the same command (no -At or -Checkpoint)"
            : $"an unfinished fork of '{source}' to {itsPoint} holds that name; finish it with the same -At or -Checkpoint";

        /// <summary>Why a fork cannot finish an unfinished fork whose copies the source no longer has live.</summary>
        private static string Outdated(string source, string name, int count) =>
            $"an unfinished fork of '{source}' holds that name, and {count:N0} of the events it copied are no longer live in '{source}' (a rewind or a "
            + $"removal hid them since), so finishing it would not give '{source}' as it is; remove it with Remove-MayrosSession -Session '{name}', then fork again";

        private static MayrosException Exists(SessionContext context, string name, string why, bool wroteNothing = true) => new MayrosException(
            ErrorIds.SessionAlreadyExists,
            ErrorCategory.ResourceExists,
            $"Session '{name}' already exists in {context.Where}: {why}." + (wroteNothing ? " Nothing was written." : string.Empty),
            name,
            "Choose another -Name, or omit -Name to get a generated one (fork-xxxxxxxx).");
    }
}
