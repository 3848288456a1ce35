using System;
using System.Collections.Generic;

namespace AlbTroubleshoot.CloudWatch
{
    /// <summary>What metrics to collect: the window (UTC, whole minutes), the period, and optionally only some metrics.</summary>
    internal sealed class MetricWindow
    {
        public MetricWindow(DateTime from, DateTime to, int periodSeconds = 60, IReadOnlyCollection<string>? metricNames = null)
        {
            From = Minute(from);
            To = Minute(to);
            if (To <= From) throw new ArgumentException("The metric window ends (" + To.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ") before it starts.", nameof(to));
            if (periodSeconds < 60 || periodSeconds % 60 != 0) throw new ArgumentOutOfRangeException(nameof(periodSeconds), "The period must be a multiple of 60 seconds.");
            Period = periodSeconds;
            MetricNames = metricNames;
        }

        /// <summary>The window that ends now and lasts <paramref name="length"/>.</summary>
        public static MetricWindow Last(TimeSpan length, DateTime? now = null) =>
            new MetricWindow((now ?? DateTime.UtcNow) - length, now ?? DateTime.UtcNow);

        public DateTime From { get; }
        public DateTime To { get; }
        public int Period { get; }

        /// <summary>Null or empty: every metric the diagnosis reads.</summary>
        public IReadOnlyCollection<string>? MetricNames { get; }

        private static DateTime Minute(DateTime t)
        {
            var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
            return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        }
    }
}
