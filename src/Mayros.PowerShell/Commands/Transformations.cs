using System;
using System.Management.Automation;
using System.Security;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Commands
{
    /// <summary>
    /// -To: an ISO 8601 string (no offset means UTC), a [datetime] (Local or Utc kind kept; Unspecified read as UTC)
    /// or a [DateTimeOffset].
    /// </summary>
    internal sealed class TimestampTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case DateTimeOffset offset:
                    return offset;
                case DateTime time:
                    return time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : new DateTimeOffset(time);
                case string text when Timestamps.TryParseIso(text, out var parsed):
                    return parsed;
                case string text:
                    throw new ArgumentTransformationMetadataException(
                        $"'{text}' is not an ISO 8601 timestamp. Use a form like 2026-05-01T10:30:00Z or 2026-05-01T12:30:00+02:00; a value without an offset is read as UTC.");
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"A {value?.GetType().Name ?? "null"} is not a timestamp. Pass an ISO 8601 string, a [datetime] or a [DateTimeOffset].");
            }
        }
    }

    /// <summary>
    /// -Session from the pipeline or a variable: a string, or any of the module's objects (a fork result means its
    /// new session), or any object with a SessionKey property. A connection is not a session and says so.
    /// </summary>
    internal sealed class SessionKeyTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>
        /// For a parameter that destroys the session (Remove-MayrosSession): a checkpoint or an event stands for a part
        /// of a session, not for the whole, and is refused rather than read as its session.
        /// </summary>
        public bool WholeSessionsOnly { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (WholeSessionsOnly && value is Models.MayrosCheckpoint)
            {
                throw new ArgumentTransformationMetadataException(
                    "A MayrosCheckpoint is a checkpoint, not a session: to remove checkpoints, pipe them to Remove-MayrosCheckpoint.");
            }

            if (WholeSessionsOnly && value is Models.MayrosSessionEvent)
            {
                throw new ArgumentTransformationMetadataException("A MayrosSessionEvent is one event, not a session: pass the session's key, or a session from Get-MayrosFork.");
            }

            switch (value)
            {
                case null:
                case string _:
                    return value;
                case Models.MayrosForkResult fork:
                    return fork.ForkedSession;
                case Models.MayrosSession session:
                    return session.SessionKey;
                case Models.MayrosCheckpoint checkpoint:
                    return checkpoint.SessionKey;
                case Models.MayrosRewindResult rewind:
                    return rewind.SessionKey;
                case Models.MayrosUndoResult undo:
                    return undo.SessionKey;
                case Models.MayrosSessionEvent e:
                    return e.SessionKey;
                case Models.MayrosConnection _:
                    throw new ArgumentTransformationMetadataException("A MayrosConnection is not a session; pass it to -Connection.");
            }

            var property = PSObject.AsPSObject(inputData).Properties["SessionKey"];
            return property?.Value?.ToString() ?? LanguagePrimitives.ConvertTo<string>(value);
        }
    }

    /// <summary>-Checkpoint: a checkpoint's id or label, or a checkpoint object (Get-MayrosCheckpoint, New-MayrosCheckpoint).</summary>
    internal sealed class CheckpointTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value switch
            {
                null => null,
                string text => text,
                Models.MayrosCheckpoint checkpoint => checkpoint.Id,
                Models.MayrosSession _ =>
                    throw new ArgumentTransformationMetadataException("A MayrosSession is not a checkpoint; pass one of its Checkpoints, or a checkpoint's id or label."),
                _ => throw new ArgumentTransformationMetadataException($"A {value.GetType().Name} is not a checkpoint. Pass a checkpoint's id or label, or a checkpoint from " +
                    $"Get-MayrosCheckpoint."),
            };
        }
    }

    /// <summary>-CortexToken: a SecureString, a PSCredential's password, or (for parity with the mayros CLI) a plain string, converted at once.</summary>
    internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value switch
            {
                SecureString secure => secure,
                PSCredential credential => credential.Password,
                string text => ConnectionResolver.Secure(text),
                _ => throw new ArgumentTransformationMetadataException("The token must be a SecureString or a string."),
            };
        }
    }

    /// <summary>
    /// -Connection: a connection from Connect-MayrosCortex, or one that came back from another process (a $using:
    /// variable in Start-Job, or Invoke-Command) as a deserialized copy. The copy is rebuilt from where it points; its
    /// token stayed behind in the process that made it.
    /// </summary>
    internal sealed class ConnectionTransformationAttribute : ArgumentTransformationAttribute
    {
        private const string DeserializedName = "Deserialized.Mayros.PowerShell.Models.MayrosConnection";

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (!(inputData is PSObject wrapped) || wrapped.BaseObject is Models.MayrosConnection || !wrapped.TypeNames.Contains(DeserializedName))
            {
                return inputData;
            }

            try
            {
                var endpoints = LanguagePrimitives.ConvertTo<Uri[]>(wrapped.Properties["Endpoints"]?.Value);
                var ns = LanguagePrimitives.ConvertTo<string>(wrapped.Properties["Namespace"]?.Value);
                if (endpoints.Length == 0 || string.IsNullOrEmpty(ns))
                {
                    throw new ArgumentTransformationMetadataException("The deserialized MayrosConnection has no Endpoints or Namespace.");
                }

                return new Models.MayrosConnection(
                    LanguagePrimitives.ConvertTo<Guid>(wrapped.Properties["ConnectionId"]?.Value),
                    endpoints,
                    ns,
                    LanguagePrimitives.ConvertTo<bool>(wrapped.Properties["HasToken"]?.Value),
                    LanguagePrimitives.ConvertTo<int>(wrapped.Properties["TimeoutSec"]?.Value) is var seconds && seconds > 0 ? seconds : 60,
                    LanguagePrimitives.ConvertTo<string>(wrapped.Properties["Status"]?.Value) ?? string.Empty,
                    DateTimeOffset.UtcNow,
                    carried: true);
            }
            catch (PSInvalidCastException ex)
            {
                throw new ArgumentTransformationMetadataException("The deserialized MayrosConnection cannot be read back: " + ex.Message, ex);
            }
        }
    }
}
