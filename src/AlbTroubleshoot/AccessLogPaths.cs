using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot
{
    /// <summary>Turns -Path values (files, folders, wildcards, PSPaths) into the log files to read.</summary>
    internal static class AccessLogPaths
    {
        /// <summary>The files of one -Path value (wildcards allowed, escaped with a backtick) or -LiteralPath value
        /// (taken as written): a file as given, a folder's *.log and *.gz files recursively (sorted).
        /// A value that matches nothing, or a folder with no log file, gives an error record instead.</summary>
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path, bool literal, Action<ErrorRecord> onError)
        {
            List<string> resolved;
            try
            {
                if (!literal)
                {
                    resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _).ToList();
                }
                else
                {
                    var p = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                    resolved = File.Exists(p) || Directory.Exists(p) ? new List<string> { p } : new List<string>();
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException)
            {
                resolved = new List<string>();
            }
            if (resolved.Count == 0)
            {
                onError(new ErrorRecord(new FileNotFoundException($"No access-log file or folder matches '{path}'."),
                    AccessLogErrorId.PathNotFound, ErrorCategory.ObjectNotFound, path));
                yield break;
            }
            foreach (var r in resolved)
            {
                if (Directory.Exists(r))
                {
                    var below = FilesBelow(r, onError);
                    if (below.Count == 0)
                        onError(new ErrorRecord(new FileNotFoundException($"The folder '{r}' holds no access-log file (*.log, *.gz), in it or below it."),
                            AccessLogErrorId.PathNotFound, ErrorCategory.ObjectNotFound, path));
                    foreach (var f in below) yield return f;
                }
                else
                {
                    yield return r;
                }
            }
        }

        /// <summary>The *.log and *.gz files below a folder, in name order; a folder that cannot be listed is an error, not the end.</summary>
        private static List<string> FilesBelow(string root, Action<ErrorRecord> onError)
        {
            var found = new List<string>();
            var pending = new Stack<string>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var dir = pending.Pop();
                try
                {
                    found.AddRange(Directory.GetFiles(dir).Where(f =>
                        f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".log", StringComparison.OrdinalIgnoreCase)));
                    foreach (var sub in Directory.GetDirectories(dir)) pending.Push(sub);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    onError(new ErrorRecord(ex, AccessLogErrorId.ReadFailed, ErrorCategory.ReadError, dir));
                }
            }
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        public static ErrorRecord ToErrorRecord(AccessLogFileException ex)
        {
            var category = ex.ErrorId == AccessLogErrorId.ReadFailed ? ErrorCategory.ReadError : ErrorCategory.InvalidData;
            return new ErrorRecord(ex, ex.ErrorId, category, ex.Path);
        }
    }
}
