using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Security;
using Mayros.PowerShell.Models;

namespace Mayros.PowerShell.Configuration
{
    /// <summary>
    /// The connections Connect-MayrosCortex made: each runspace's current one, and the tokens, kept here rather than on
    /// the output objects. A connection can be used from any runspace of this process until it is disconnected.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly ConcurrentDictionary<Guid, Entry> Open = new ConcurrentDictionary<Guid, Entry>();
        private static readonly ConcurrentDictionary<Guid, MayrosConnection> CurrentByRunspace = new ConcurrentDictionary<Guid, MayrosConnection>();

        public static MayrosConnection Register(ResolvedConnection resolved, string status)
        {
            var connection = new MayrosConnection(
                Guid.NewGuid(),
                resolved.Endpoints,
                resolved.Namespace,
                resolved.HasToken,
                (int)Math.Round(resolved.Timeout.TotalSeconds),
                status,
                DateTimeOffset.UtcNow);
            Open[connection.ConnectionId] = new Entry(resolved.Token?.Copy(), resolved.Timeout);
            return connection;
        }

        public static bool IsOpen(MayrosConnection connection) => Open.ContainsKey(connection.ConnectionId);

        /// <summary>The connection as a request: its endpoints, token, namespace and timeout.</summary>
        public static ConnectionRequest? ToRequest(MayrosConnection connection)
        {
            Entry? entry = null;
            if (!connection.Carried && !Open.TryGetValue(connection.ConnectionId, out entry))
            {
                return null;
            }

            // Hand the port over as a value of its own, so that a command's -CortexPort still overrides it; only nodes
            // on different ports keep theirs in the host.
            var onePort = connection.Endpoints.All(e => e.Port == connection.Endpoint.Port);
            return new ConnectionRequest
            {
                Hosts = connection.Endpoints.Select(e => onePort ? e.Scheme + "://" + e.Host : e.GetLeftPart(UriPartial.Authority)).ToArray(),
                Port = connection.Endpoint.Port,
                Token = entry?.Token,
                Namespace = connection.Namespace,
                Timeout = entry?.Timeout ?? TimeSpan.FromSeconds(connection.TimeoutSec),
                TokenLeftBehind = connection.Carried && connection.HasToken,
            };
        }

        public static MayrosConnection? Current => Runspace.DefaultRunspace is { } runspace && CurrentByRunspace.TryGetValue(runspace.InstanceId,
            out var connection) ? connection : null;

        public static void SetCurrent(MayrosConnection connection)
        {
            var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace on this thread.");
            if (CurrentByRunspace.TryAdd(runspace.InstanceId, connection))
            {
                // Forget the runspace's connection when the runspace closes.
                runspace.StateChanged += (sender, args) =>
                {
                    if (args.RunspaceStateInfo.State == RunspaceState.Closed || args.RunspaceStateInfo.State == RunspaceState.Broken)
                    {
                        CurrentByRunspace.TryRemove(runspace.InstanceId, out _);
                    }
                };
            }
            else
            {
                CurrentByRunspace[runspace.InstanceId] = connection;
            }
        }

        /// <summary>Closes a connection: it is no longer current anywhere, and its token is gone.</summary>
        public static void Close(MayrosConnection connection)
        {
            if (Open.TryRemove(connection.ConnectionId, out var entry))
            {
                entry.Token?.Dispose();
            }

            foreach (var pair in CurrentByRunspace.Where(p => p.Value.ConnectionId == connection.ConnectionId).ToList())
            {
                CurrentByRunspace.TryRemove(pair.Key, out _);
            }
        }

        private sealed class Entry
        {
            public Entry(SecureString? token, TimeSpan timeout)
            {
                Token = token;
                Timeout = timeout;
            }

            public SecureString? Token { get; }

            public TimeSpan Timeout { get; }
        }
    }
}
