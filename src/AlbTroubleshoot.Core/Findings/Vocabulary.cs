using System;
using System.Collections.Generic;
using System.Globalization;
using AlbTroubleshoot.Network;

namespace AlbTroubleshoot
{
    /// <summary>
    /// One vocabulary of the engine (verdicts, sides, steps…): an internal enum whose member names are
    /// the contract's strings, numbered from 0 in declaration order. The names are read once and indexed
    /// by value, so an output object pays no formatting per value; text comes back only through
    /// <see cref="Parse"/>, which rejects what the contract does not name.
    /// </summary>
    internal static class Vocabulary<T> where T : struct, Enum
    {
        private static readonly T[] Values = (T[])Enum.GetValues(typeof(T));

        /// <summary>The contract's text of each value, indexed by the value.</summary>
        internal static readonly string[] Names = NamesByValue();

        private static readonly Dictionary<string, T> ByName = Index();

        /// <summary>Every value's text, in declaration order.</summary>
        public static IReadOnlyList<string> All => Names;

        /// <summary>Every value, in declaration order (for a vocabulary whose order means something, its comment says what).</summary>
        public static IReadOnlyList<T> InOrder => Values;

        /// <summary>The value the contract's text names (exact, ordinal); a clear error naming the allowed values otherwise.</summary>
        /// <param name="text">The text as read (a snapshot field, a JSON value).</param>
        /// <param name="what">What the text is, for the message: "cause verdict".</param>
        public static T Parse(string? text, string what) =>
            TryParse(text, out var value)
                ? value
                : throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not a {1}: expected one of {2}.",
                    text, what, string.Join(", ", Names)));

        public static bool TryParse(string? text, out T value)
        {
            value = default;
            return text is not null && ByName.TryGetValue(text, out value);
        }

        private static string[] NamesByValue()
        {
            var names = new string[Values.Length];
            for (var i = 0; i < Values.Length; i++)
            {
                // Indexing by value needs the members numbered 0, 1, 2…: a vocabulary is not a flags or wire-number enum.
                if (Convert.ToInt64(Values[i], CultureInfo.InvariantCulture) != i)
                    throw new InvalidOperationException(typeof(T).Name + " must number its members from 0 without gaps.");
                names[i] = Values[i].ToString();
            }
            return names;
        }

        private static Dictionary<string, T> Index()
        {
            var byName = new Dictionary<string, T>(Values.Length, StringComparer.Ordinal);
            for (var i = 0; i < Values.Length; i++) byName.Add(Names[i], Values[i]);
            return byName;
        }
    }

    /// <summary>The contract's text of each vocabulary value: the one conversion at the edge, per vocabulary.</summary>
    internal static class Vocabulary
    {
        public static string Text(this ReachabilityVerdict value) => Vocabulary<ReachabilityVerdict>.Names[(int)value];

        public static string Text(this ReachabilityPurpose value) => Vocabulary<ReachabilityPurpose>.Names[(int)value];

        public static string Text(this HopStep value) => Vocabulary<HopStep>.Names[(int)value];

        public static string Text(this HopVerdict value) => Vocabulary<HopVerdict>.Names[(int)value];

        public static string Text(this CauseVerdict value) => Vocabulary<CauseVerdict>.Names[(int)value];

        public static string Text(this CauseSide value) => Vocabulary<CauseSide>.Names[(int)value];

        public static string Text(this DiagnosisStatus value) => Vocabulary<DiagnosisStatus>.Names[(int)value];

        public static string Text(this NaclRangeVerdict value) => Vocabulary<NaclRangeVerdict>.Names[(int)value];

        public static string Text(this NaclRole value) => Vocabulary<NaclRole>.Names[(int)value];

        public static string Text(this ProbeVerdict value) => Vocabulary<ProbeVerdict>.Names[(int)value];

        public static string Text(this ProbeCheck value) => Vocabulary<ProbeCheck>.Names[(int)value];

        public static string Text(this SecurityGroupVerdict value) => Vocabulary<SecurityGroupVerdict>.Names[(int)value];

        public static string Text(this NaclEntryVerdict value) => Vocabulary<NaclEntryVerdict>.Names[(int)value];

        public static string Text(this RouteVerdict value) => Vocabulary<RouteVerdict>.Names[(int)value];

        public static string Text(this RouteTargetKind value) => Vocabulary<RouteTargetKind>.Names[(int)value];

        public static string Text(this TrafficDirection value) => Vocabulary<TrafficDirection>.Names[(int)value];

        public static string Text(this Model.WebAclRuleOrigin value) => Vocabulary<Model.WebAclRuleOrigin>.Names[(int)value];
    }
}
