using System;
using System.Collections.Generic;

namespace Mayros.PowerShell.Sessions
{
    /// <summary>Who forked from whom: the family tree of a namespace's sessions, in two listings.</summary>
    internal static class SessionFamily
    {
        /// <summary>Each session's direct forks: the sessions whose parentSession or forkedFrom names it (two listings).</summary>
        public static Dictionary<string, List<string>> Children(SessionContext context)
        {
            var layout = context.Layout;
            var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var predicate in new[] { layout.ParentSession, layout.ForkedFrom })
            {
                foreach (var triple in context.Api.ListTriples(null, predicate))
                {
                    if (layout.KeyFromSubject(triple.Subject) is string child && layout.KeyFromValue(triple.Object) is string parent && parent != child)
                    {
                        if (!children.TryGetValue(parent, out var list))
                        {
                            list = new List<string>();
                            children[parent] = list;
                        }

                        if (!list.Contains(child))
                        {
                            list.Add(child);
                        }
                    }
                }
            }

            foreach (var list in children.Values)
            {
                list.Sort(StringComparer.Ordinal);
            }

            return children;
        }

        /// <summary>The session, then its descendants depth first (a loop in the links is cut where it repeats).</summary>
        public static void Collect(string key, Dictionary<string, List<string>> children, HashSet<string> seen, List<string> into)
        {
            if (!seen.Add(key))
            {
                return;
            }

            into.Add(key);
            if (children.TryGetValue(key, out var forks))
            {
                foreach (var fork in forks)
                {
                    Collect(fork, children, seen, into);
                }
            }
        }

        /// <summary>The session, then its descendants depth first: parents always before their forks.</summary>
        public static IReadOnlyList<string> Lineage(SessionContext context, string key)
        {
            var lineage = new List<string>();
            Collect(key, Children(context), new HashSet<string>(StringComparer.Ordinal), lineage);
            return lineage;
        }
    }
}
