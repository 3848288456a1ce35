using System;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>A problem with one access-log file as a whole; <see cref="ErrorId"/> is one of the AccessLog IDs of <see cref="ErrorIds"/>.</summary>
    internal sealed class AccessLogFileException : Exception
    {
        /// <param name="message">Made safe for a terminal here: it quotes the path, and a file or folder name can hold any character but '/'.</param>
        public AccessLogFileException(string errorId, string path, string message, Exception? inner = null)
            : base(DisplayText.Safe(message), inner)
        {
            ErrorId = errorId;
            Path = path;
        }

        public AccessLogFileException() : this(ErrorIds.AccessLogReadFailed, string.Empty, "The access-log file could not be read.") { }

        public AccessLogFileException(string message) : this(ErrorIds.AccessLogReadFailed, string.Empty, message) { }

        public AccessLogFileException(string message, Exception inner) : this(ErrorIds.AccessLogReadFailed, string.Empty, message, inner) { }

        public string ErrorId { get; }
        public string Path { get; }
        /// <summary>For <see cref="ErrorIds.AccessLogGzipChecksum"/>: the byte offset of the damaged member in the file.</summary>
        public long? MemberOffset { get; internal set; }
        /// <summary>For <see cref="ErrorIds.AccessLogGzipChecksum"/>: the first and last line numbers the damaged member gave (none when First is past Last).</summary>
        public long? FirstLine { get; internal set; }
        public long? LastLine { get; internal set; }
    }
}
