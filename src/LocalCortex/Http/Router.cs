using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace LocalCortex.Http;

/// <summary>
/// Exact-path routing as axum does it: no trailing-slash normalisation; an unknown path is 404 and a known path
/// with the wrong method is 405, both with an empty body.
/// </summary>
public sealed class Router
{
    private readonly List<(string Method, string[] Segments, Func<RequestContext, Task> Handler)> _routes = new();

    public void Add(string method, string template, Func<RequestContext, Task> handler) =>
        _routes.Add((method, template.Split('/'), handler));

    public Match Resolve(string method, string path)
    {
        var segments = path.Split('/');
        var allowed = new List<string>();
        Match? best = null;
        var bestLiterals = -1;
        foreach (var (routeMethod, template, handler) in _routes)
        {
            if (!TryBind(template, segments, out var values, out var literals))
            {
                continue;
            }

            if (!string.Equals(routeMethod, method, StringComparison.Ordinal))
            {
                allowed.Add(routeMethod);
                continue;
            }

            // A literal segment beats a parameter: POST /triples/batch is the batch route, not /triples/{id}.
            if (literals > bestLiterals)
            {
                best = new Match(handler, values, null);
                bestLiterals = literals;
            }
        }

        if (best is not null)
        {
            return best;
        }

        return new Match(null, new Dictionary<string, string>(), allowed.Count > 0 ? allowed.Distinct().ToArray() : null);
    }

    private static bool TryBind(string[] template, string[] segments, out Dictionary<string, string> values, out int literals)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        literals = 0;
        if (template.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < template.Length; i++)
        {
            var t = template[i];
            if (t.StartsWith('{') && t.EndsWith('}'))
            {
                if (segments[i].Length == 0)
                {
                    return false;
                }

                values[t[1..^1]] = Uri.UnescapeDataString(segments[i]);
            }
            else if (string.Equals(t, segments[i], StringComparison.Ordinal))
            {
                literals++;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The handler to run, or none: then <see cref="Allowed"/> says whether the path exists (405) or not (404).</summary>
    public sealed record Match(Func<RequestContext, Task>? Handler, IReadOnlyDictionary<string, string> Values, string[]? Allowed);
}
