using System.Globalization;

namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// A load balancer's idle timeout, <c>idle_timeout.timeout_seconds</c>, read in one place for the
    /// checks, the metric evidence and the probe plan: 1 to 4000 seconds, 60 when the attribute is
    /// not set (<see cref="Catalog.References.IdleTimeout"/>).
    /// </summary>
    internal readonly struct IdleTimeoutSetting
    {
        public const string Key = "idle_timeout.timeout_seconds";
        public const int DefaultSeconds = 60;
        public const int MaxSeconds = 4000;

        private IdleTimeoutSetting(int? seconds, bool attributesKnown, bool isSet, string? unreadable)
        {
            Seconds = seconds;
            AttributesKnown = attributesKnown;
            IsSet = isSet;
            Unreadable = unreadable;
        }

        /// <summary>The timeout in seconds; null when it is not known (no attributes, or a value that is not 1 to 4000 seconds).</summary>
        public int? Seconds { get; }

        /// <summary>False when the snapshot has no attributes for the load balancer.</summary>
        public bool AttributesKnown { get; }

        /// <summary>True when the attribute is present (readable or not); false when AWS's default applies or the attributes are unknown.</summary>
        public bool IsSet { get; }

        /// <summary>The attribute's text when it is not a whole number of seconds from 1 to 4000 (as given: quote it before showing it).</summary>
        public string? Unreadable { get; }

        public static IdleTimeoutSetting Of(LoadBalancer loadBalancer)
        {
            if (loadBalancer.Attributes is null) return new IdleTimeoutSetting(null, false, false, null);
            if (!loadBalancer.Attributes.TryGetValue(Key, out var text)) return new IdleTimeoutSetting(DefaultSeconds, true, false, null);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1 && seconds <= MaxSeconds
                ? new IdleTimeoutSetting(seconds, true, true, null)
                : new IdleTimeoutSetting(null, true, true, text ?? string.Empty);
        }
    }
}
