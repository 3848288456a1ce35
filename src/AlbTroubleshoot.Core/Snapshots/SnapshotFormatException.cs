using System;

namespace AlbTroubleshoot.Snapshots
{
    /// <summary>Stable error IDs for snapshot input that cannot be read (the cmdlets use them as FullyQualifiedErrorId).</summary>
    internal static class SnapshotErrorIds
    {
        /// <summary>The text is not JSON; the message gives line and column.</summary>
        public const string NotJson = "SnapshotNotJson";

        /// <summary>JSON, but not a snapshot: no AlbSnapshotVersion, or a section of the wrong shape.</summary>
        public const string NotASnapshot = "SnapshotNotASnapshot";

        /// <summary>AlbSnapshotVersion is newer than this module reads.</summary>
        public const string VersionNotSupported = "SnapshotVersionNotSupported";
    }

    /// <summary>A snapshot text that cannot be read, with a stable <see cref="ErrorId"/> and the source it came from.</summary>
    internal sealed class SnapshotFormatException : FormatException
    {
        public SnapshotFormatException(string errorId, string sourceName, string reason, int line = 0, int column = 0, Exception? innerException = null)
            : base(sourceName + ": " + reason, innerException)
        {
            ErrorId = errorId;
            SourceName = sourceName;
            Reason = reason;
            Line = line;
            Column = column;
        }

        public SnapshotFormatException() : this(SnapshotErrorIds.NotASnapshot, "snapshot", "Not a snapshot.") { }

        public SnapshotFormatException(string message) : this(SnapshotErrorIds.NotASnapshot, "snapshot", message) { }

        public SnapshotFormatException(string message, Exception innerException)
            : this(SnapshotErrorIds.NotASnapshot, "snapshot", message, 0, 0, innerException) { }

        /// <summary>One of <see cref="SnapshotErrorIds"/>.</summary>
        public string ErrorId { get; }

        /// <summary>The file path or other name the text came from.</summary>
        public string SourceName { get; }

        public string Reason { get; }

        /// <summary>1-based line of the problem when it is a JSON syntax error, else 0.</summary>
        public int Line { get; }

        public int Column { get; }
    }
}
