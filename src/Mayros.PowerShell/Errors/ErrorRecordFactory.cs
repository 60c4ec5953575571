using System;
using System.Management.Automation;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Http;

namespace Mayros.PowerShell.Errors
{
    /// <summary>
    /// Turns every failure into a PowerShell error record: a stable id from <see cref="ErrorIds"/>, the category from
    /// the status map, the target, the inner exception kept, and a recommended action. Messages are scrubbed of the
    /// token, whatever path it might have taken.
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public const string StockCortexHint = "Start Cortex, or pass -CortexHost/-CortexPort; a stock Cortex listens on 19090.";

        /// <summary>What an unreachable Cortex's message adds: the likeliest cause, and the three places to fix it.</summary>
        private const string WhereCortexListens =
            "Is Cortex running there? A stock AIngle Cortex listens on port 19090, while this module (like the mayros CLI) defaults to 8080: "
            + "point it at Cortex with -CortexPort 19090 (or -CortexHost), the CORTEX_HOST/CORTEX_PORT environment variables, "
            + "or cortex.host/cortex.port in the Mayros config file.";

        /// <summary>What a connection dropped after a token was sent adds: the server is there, and may refuse the token.</summary>
        private const string TokenMayBeRefused =
            "Something listens there and dropped the connection after the request was sent, which is what a stock AIngle Cortex "
            + "started without AINGLE_JWT_SECRET does to every request carrying a token: the token may be refused, or not expected at all.";

        /// <summary>An error record, and whether it should stop the whole command.</summary>
        public static (ErrorRecord Record, bool Terminating) From(Exception exception, object? target, string? token)
        {
            switch (exception)
            {
                case MayrosException mayros:
                    return (Build(mayros, mayros.ErrorId, mayros.Category, mayros.Target ?? target, mayros.Message, mayros.RecommendedAction, token), mayros.Terminating);

                case CortexUnreachableException unreachable when unreachable.Connected && !string.IsNullOrEmpty(token):
                    return (Build(
                        unreachable,
                        ErrorIds.CortexUnreachable,
                        ErrorCategory.ConnectionError,
                        unreachable.Server,
                        unreachable.Message + " " + TokenMayBeRefused,
                        "Check the token, or send none (leave out -CortexToken and CORTEX_AUTH_TOKEN) to a Cortex without authentication.",
                        token), true);

                case CortexUnreachableException unreachable:
                    return (Build(
                        unreachable,
                        ErrorIds.CortexUnreachable,
                        ErrorCategory.ConnectionError,
                        unreachable.Server,
                        unreachable.Message + " " + WhereCortexListens,
                        StockCortexHint,
                        token), true);

                case CortexLeaderUnknownException leaderless:
                    return (Build(
                        leaderless,
                        ErrorIds.CortexLeaderUnknown,
                        ErrorCategory.ResourceUnavailable,
                        leaderless.Server,
                        leaderless.Message + " Nothing was written: Cortex keeps batch and event writes on the node that receives them, so they must reach the leader.",
                        "Wait for the cluster to elect a leader (a few seconds) and run the command again, or give -CortexHost every node.",
                        token), true);

                case CortexTimeoutException timeout:
                    return (Build(timeout, ErrorIds.CortexRequestTimedOut, ErrorCategory.OperationTimeout, target, timeout.Message,
                        "Try again, or give Cortex longer with -TimeoutSec.", token), false);

                case CortexRateLimitedException limited:
                    return (Build(limited, ErrorIds.CortexRateLimited, ErrorCategory.LimitsExceeded, target, limited.Message,
                        "Wait a minute and run the command again; Cortex allows 100 requests a minute per client.", token), false);

                case CortexResponseInvalidException invalid:
                    return (Build(invalid, ErrorIds.CortexResponseInvalid, ErrorCategory.InvalidData, target, invalid.Message,
                        "Check that the address is an AIngle Cortex (GET /api/v1/health answers {\"status\":\"healthy\"}).", token), false);

                case CortexRequestTooLargeException tooLarge:
                    return (Build(tooLarge, ErrorIds.CortexRequestTooLarge, ErrorCategory.LimitsExceeded, target, tooLarge.Message,
                        "Shrink the event's fields; Cortex's body limit cannot be raised.", token), false);

                case CortexDagUnavailableException noDag:
                    return (Build(noDag, ErrorIds.CortexDagUnavailable, ErrorCategory.NotImplemented, target, noDag.Message,
                        "Run Cortex built with its default features (dag is one of them); its history starts with the writes made after that.", token), true);

                case CortexApiException api:
                    var (id, category, terminating) = Map(api.StatusCode);
                    var action = api.StatusCode == 401 || api.StatusCode == 403
                        ? "Check the token (-CortexToken, CORTEX_AUTH_TOKEN or cortex.authToken) and the namespace it is scoped to."
                        : api.StatusCode >= 500 ? "Check Cortex's logs, then run the command again; it converges without duplicates." : null;
                    return (Build(api, id, category, target, api.Message, action, token), terminating);

                default:
                    return (Build(exception, ErrorIds.Unexpected, ErrorCategory.NotSpecified, target, exception.Message, null, token), false);
            }
        }

        /// <summary>STYLE's status map: HTTP status to error id, category, and whether the command can go on.</summary>
        public static (string Id, ErrorCategory Category, bool Terminating) Map(int status) => status switch
        {
            400 or 422 or 415 => (ErrorIds.CortexRequestRejected, ErrorCategory.InvalidArgument, false),
            401 => (ErrorIds.CortexAuthenticationFailed, ErrorCategory.AuthenticationError, true),
            403 => (ErrorIds.CortexAuthenticationFailed, ErrorCategory.PermissionDenied, true),
            404 => (ErrorIds.CortexRequestRejected, ErrorCategory.ObjectNotFound, false),
            409 => (ErrorIds.CortexRequestRejected, ErrorCategory.ResourceExists, false),
            408 => (ErrorIds.CortexRequestTimedOut, ErrorCategory.OperationTimeout, false),
            413 => (ErrorIds.CortexRequestTooLarge, ErrorCategory.LimitsExceeded, false),
            429 => (ErrorIds.CortexRateLimited, ErrorCategory.LimitsExceeded, false),
            >= 500 => (ErrorIds.CortexServerError, ErrorCategory.InvalidResult, false),
            _ => (ErrorIds.CortexRequestRejected, ErrorCategory.InvalidOperation, false),
        };

        private static ErrorRecord Build(Exception exception, string id, ErrorCategory category, object? target, string message, string? action, string? token)
        {
            var scrubbed = Redactor.Scrub(message, token);
            var record = new ErrorRecord(exception, id, category, target)
            {
                ErrorDetails = new ErrorDetails(scrubbed),
            };
            if (action != null)
            {
                record.ErrorDetails.RecommendedAction = action;
            }

            return record;
        }
    }
}
