using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace Mayros.Soak;

/// <summary>One event the soak seeded, as it sent it: what the checker expects to find unchanged.</summary>
internal sealed record SeededEvent(string Id, string Session, string Timestamp, string Type, string Agent, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// The sessions the soak starts from, written through Cortex's events API on the leader (faults off) as Mayros agents
/// write them: a seed-chosen number of events each, one a second from <see cref="Start"/>.
/// </summary>
internal sealed class SeedData
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public const int MaxEvents = 120;

    public const string Namespace = "soak";

    public List<string> Sessions { get; } = new();

    public List<SeededEvent> Events { get; } = new();

    public static async Task<SeedData> WriteAsync(SoakCluster cluster, SoakOptions options)
    {
        var random = new Random(options.Derive("seed-data"));
        var data = new SeedData();
        using var http = new HttpClient { BaseAddress = cluster.Leader.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);
        for (var s = 0; s < 8; s++)
        {
            var session = "s" + s;
            data.Sessions.Add(session);
            var events = Enumerable.Range(0, 30 + random.Next(MaxEvents - 30)).Select(i => new SeededEvent(
                $"e{i}-{session}", session, OperationCatalog.Iso(Start.AddSeconds(i)), i % 3 == 0 ? "tool_call" : "message", "agent-" + (i % 2),
                new Dictionary<string, string> { ["step"] = i.ToString(CultureInfo.InvariantCulture), ["text"] = $"payload {random.Next()}" })).ToList();
            data.Events.AddRange(events);
            using var content = new StringContent(Body(events), Encoding.UTF8, "application/json");
            using var answer = await http.PostAsync("/api/v1/events", content);
            answer.EnsureSuccessStatusCode();
        }

        return data;
    }

    private static string Body(List<SeededEvent> events) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["namespace"] = Namespace,
        ["events"] = events.Select((e, i) =>
        {
            var wire = new Dictionary<string, object>
            {
                ["id"] = e.Id, ["event_type"] = e.Type, ["agent_id"] = e.Agent, ["timestamp"] = e.Timestamp, ["session"] = e.Session, ["fields"] = e.Fields,
            };
            if (i > 0)
            {
                wire["parent_event"] = events[i - 1].Id;
            }

            return wire;
        }).ToList(),
    });
}
