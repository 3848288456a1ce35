using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace AlbTroubleshoot.Localization
{
    /// <summary>
    /// One user-facing message: its key in the translation tables and its English template
    /// ({0}, {1} … for the values, which are never translated: names, paths, ARNs, numbers).
    /// </summary>
    public sealed class Message
    {
        internal Message(string key, string english)
        {
            Key = key;
            English = english;
        }

        /// <summary>The error ID the message belongs to, then what it says ("SnapshotFileNotFound.NoMatch").</summary>
        public string Key { get; }

        /// <summary>The English template: the source of every translation.</summary>
        public string English { get; }

        /// <summary>The message in the current UI culture's language (English where there is no translation).</summary>
        public string Format(params object?[] args) => Format(CultureInfo.CurrentUICulture, args);

        /// <summary>The message in <paramref name="culture"/>'s language; values are formatted invariantly either way.</summary>
        public string Format(CultureInfo culture, params object?[] args) =>
            string.Format(CultureInfo.InvariantCulture, Translations.Text(Key, English, culture), args);

        public override string ToString() => Key;
    }

    /// <summary>
    /// The English of the cmdlets' error messages that have translations, keyed by their stable error
    /// ID (FullyQualifiedErrorId) and what they say. A cmdlet builds its message with
    /// <see cref="Message.Format(object[])"/>, so the same call gives English or the UI culture's
    /// language; the translations are in Localization/&lt;culture&gt;.txt under the same keys.
    /// </summary>
    public static class ErrorMessages
    {
        /// <summary>Every message declared here.</summary>
        public static IReadOnlyList<Message> All { get; } = typeof(ErrorMessages)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Message))
            .Select(f => (Message)f.GetValue(null)!)
            .ToArray();
    }
}
