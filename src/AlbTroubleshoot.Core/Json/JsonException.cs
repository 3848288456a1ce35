using System;

namespace AlbTroubleshoot.Json
{
    /// <summary>A text that is not valid JSON: where (1-based line and column) and what is wrong.</summary>
    internal sealed class JsonException : FormatException
    {
        public JsonException(string reason, int line, int column, string? sourceName)
            : base(Describe(reason, line, column, sourceName))
        {
            Reason = reason;
            Line = line;
            Column = column;
            SourceName = sourceName;
        }

        public JsonException() : this("Invalid JSON.", 0, 0, null) { }

        public JsonException(string message) : this(message, 0, 0, null) { }

        public JsonException(string message, Exception innerException) : base(message, innerException)
        {
            Reason = message;
        }

        public string Reason { get; } = string.Empty;
        public int Line { get; }
        public int Column { get; }
        public string? SourceName { get; }

        private static string Describe(string reason, int line, int column, string? sourceName) =>
            (string.IsNullOrEmpty(sourceName) ? string.Empty : sourceName + ": ")
            + reason + " (line " + line + ", column " + column + ")";
    }
}
