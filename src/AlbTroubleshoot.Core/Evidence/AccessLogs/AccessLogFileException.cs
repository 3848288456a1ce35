using System;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>The stable error IDs of problems with a whole access-log file (the other files go on).</summary>
    internal static class AccessLogErrorId
    {
        /// <summary>The gzip data ends before its end-of-stream marker: an interrupted download or copy.</summary>
        public const string GzipTruncated = "AccessLogGzipTruncated";
        /// <summary>The gzip data is damaged (bad header, invalid deflate data, or a length that does not match).</summary>
        public const string GzipCorrupt = "AccessLogGzipCorrupt";
        /// <summary>A gzip member's data does not match its trailer (CRC-32 or length): its lines were read but may be damaged; the file is read on.</summary>
        public const string GzipChecksum = "AccessLogGzipChecksum";
        /// <summary>The path is a FIFO, socket or device, not a regular file: it is not opened.</summary>
        public const string NotRegularFile = "AccessLogNotRegularFile";
        /// <summary>The file is a Classic or Network Load Balancer log, not an Application Load Balancer log.</summary>
        public const string NotAlbLog = "AccessLogNotAlb";
        /// <summary>The file could not be opened or read.</summary>
        public const string ReadFailed = "AccessLogReadFailed";
        /// <summary>A path matched no file.</summary>
        public const string PathNotFound = "AccessLogPathNotFound";
    }

    /// <summary>A problem with one access-log file as a whole; <see cref="ErrorId"/> is one of <see cref="AccessLogErrorId"/>.</summary>
    internal sealed class AccessLogFileException : Exception
    {
        public AccessLogFileException(string errorId, string path, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Path = path;
        }

        public AccessLogFileException() : this(AccessLogErrorId.ReadFailed, string.Empty, "The access-log file could not be read.") { }

        public AccessLogFileException(string message) : this(AccessLogErrorId.ReadFailed, string.Empty, message) { }

        public AccessLogFileException(string message, Exception inner) : this(AccessLogErrorId.ReadFailed, string.Empty, message, inner) { }

        public string ErrorId { get; }
        public string Path { get; }
        /// <summary>For <see cref="AccessLogErrorId.GzipChecksum"/>: the byte offset of the damaged member in the file.</summary>
        public long? MemberOffset { get; internal set; }
        /// <summary>For <see cref="AccessLogErrorId.GzipChecksum"/>: the first and last line numbers the damaged member gave (none when First is past Last).</summary>
        public long? FirstLine { get; internal set; }
        public long? LastLine { get; internal set; }
    }
}
