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
        /// <summary>The files of one -Path value: a file as given, a folder's *.log and *.gz files recursively (sorted).
        /// A value that matches nothing gives an error record instead.</summary>
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path, Action<ErrorRecord> onError)
        {
            List<string> resolved;
            try
            {
                if (WildcardPattern.ContainsWildcardCharacters(path))
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
                    var files = Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories)
                        .Where(f => f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".log", StringComparison.OrdinalIgnoreCase))
                        .OrderBy(f => f, StringComparer.Ordinal);
                    foreach (var f in files) yield return f;
                }
                else
                {
                    yield return r;
                }
            }
        }

        public static ErrorRecord ToErrorRecord(AccessLogFileException ex)
        {
            var category = ex.ErrorId == AccessLogErrorId.ReadFailed ? ErrorCategory.ReadError : ErrorCategory.InvalidData;
            return new ErrorRecord(ex, ex.ErrorId, category, ex.Path);
        }
    }
}
