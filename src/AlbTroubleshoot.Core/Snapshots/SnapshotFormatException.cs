using System;

namespace AlbTroubleshoot.Snapshots
{
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

        public SnapshotFormatException() : this(ErrorIds.SnapshotNotASnapshot, "snapshot", "Not a snapshot.") { }

        public SnapshotFormatException(string message) : this(ErrorIds.SnapshotNotASnapshot, "snapshot", message) { }

        public SnapshotFormatException(string message, Exception innerException)
            : this(ErrorIds.SnapshotNotASnapshot, "snapshot", message, 0, 0, innerException) { }

        /// <summary>One of the snapshot IDs of <see cref="ErrorIds"/> (SnapshotNotJson …).</summary>
        public string ErrorId { get; }

        /// <summary>The file path or other name the text came from.</summary>
        public string SourceName { get; }

        public string Reason { get; }

        /// <summary>1-based line of the problem when it is a JSON syntax error, else 0.</summary>
        public int Line { get; }

        public int Column { get; }
    }
}
