using System;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Keeps a long run of requests (a purge's deletes) inside Cortex's rate limit instead of running into 429s: Cortex
    /// reports its limit and what is left of its burst on every answer (X-RateLimit-Limit, X-RateLimit-Remaining); while
    /// more than a few requests are left the run goes at full speed, and from then on one request per 60/limit seconds,
    /// the rate at which the limiter refills. The few kept back are for other commands and agents using the same
    /// Cortex. A server that sends no such headers (no limiter) is not paced. Pure: the caller measures the time.
    /// </summary>
    internal sealed class RatePacer
    {
        /// <summary>Requests of the burst left for others.</summary>
        public const int Reserve = 5;

        private int? _remaining;
        private int? _limit;
        private TimeSpan _elapsed;
        private int _done;

        /// <summary>Cortex's requests per minute, as last reported; null while it has said nothing.</summary>
        public int? RequestsPerMinute => _limit;

        /// <summary>Whether requests now go at the limiter's refill rate.</summary>
        public bool Pacing => _limit is int && _remaining is int left && left <= Reserve;

        /// <summary>The time between two requests at the limiter's refill rate.</summary>
        public TimeSpan Interval => _limit is int limit && limit > 0 ? TimeSpan.FromSeconds(60.0 / limit) : TimeSpan.Zero;

        /// <summary>How long to wait before the next request, given the time since the last one started.</summary>
        public TimeSpan WaitBeforeNext(TimeSpan sinceLastStart)
        {
            if (!Pacing)
            {
                return TimeSpan.Zero;
            }

            var wait = Interval - sinceLastStart;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        /// <summary>Takes in one answer's headers (null where it sent none) and the run's time so far.</summary>
        public void Observe(int? remaining, int? limit, TimeSpan elapsed)
        {
            _done++;
            _elapsed = elapsed;
            if (limit is int l && l > 0)
            {
                _limit = l;
            }

            // A 429 carries Remaining: 0 without a limit; an answer without the headers leaves what was known.
            if (remaining is int r)
            {
                _remaining = r;
            }
        }

        /// <summary>
        /// The time <paramref name="left"/> more requests should take: the burst still left (less the reserve) at the
        /// speed seen so far, the rest at the limiter's rate (or the speed seen, if that is slower).
        /// </summary>
        public TimeSpan Estimate(int left)
        {
            var observed = _done > 0 ? TimeSpan.FromTicks(_elapsed.Ticks / _done) : TimeSpan.Zero;
            if (!(_limit is int))
            {
                return TimeSpan.FromTicks(observed.Ticks * left);
            }

            var fast = Math.Min(left, Math.Max(0, (_remaining ?? 0) - Reserve));
            var paced = Interval > observed ? Interval : observed;
            return TimeSpan.FromTicks((observed.Ticks * fast) + (paced.Ticks * (left - fast)));
        }
    }
}
