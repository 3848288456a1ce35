#if NETFRAMEWORK
using System;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// String overloads the tests use that .NET Framework 4.7.2 lacks (the net472 run, which tests the
    /// netstandard2.0 engine build under Mono). On net10.0 the framework's own overloads win.
    /// </summary>
    internal static class NetFrameworkShims
    {
        public static bool Contains(this string text, string value, StringComparison comparison) =>
            text.IndexOf(value, comparison) >= 0;

        public static bool StartsWith(this string text, char value) => text.Length > 0 && text[0] == value;

        public static bool Contains(this string text, char value, StringComparison comparison) =>
            text.IndexOf(value.ToString(), comparison) >= 0;

        public static string[] Split(this string text, string separator) =>
            text.Split(new[] { separator }, StringSplitOptions.None);

        public static void Deconstruct<TKey, TValue>(this System.Collections.Generic.KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
        {
            key = pair.Key;
            value = pair.Value;
        }

        public static string Replace(this string text, string oldValue, string? newValue, StringComparison comparison)
        {
            // string.Replace(string, string) is ordinal on .NET Framework; the tests ask for nothing else.
            if (comparison != StringComparison.Ordinal) throw new NotSupportedException($"Replace with {comparison}");
            return text.Replace(oldValue, newValue);
        }
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>Lets the tests' records and init-only properties compile for .NET Framework.</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
