using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Turns -Path values (files, folders, wildcards, PSPaths) into the log files to read, once each.
    /// One instance serves one command: it remembers the real folders and files it has given, so a
    /// symbolic link to a folder is followed at most once (a link loop ends), and a file reached through
    /// several paths or links is read once. In folders only regular files are taken: a FIFO, socket or
    /// device is skipped with a warning (it would block or never end).
    /// </summary>
    internal sealed class AccessLogPaths
    {
        private static readonly StringComparer PathComparer =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        private readonly PSCmdlet cmdlet;
        private readonly CancellationToken cancellation;
        private readonly HashSet<string> folders = new HashSet<string>(PathComparer);
        private readonly HashSet<string> files = new HashSet<string>(PathComparer);

        public AccessLogPaths(PSCmdlet cmdlet, CancellationToken cancellation)
        {
            this.cmdlet = cmdlet;
            this.cancellation = cancellation;
        }

        /// <summary>The files of one -Path value (wildcards allowed, escaped with a backtick) or -LiteralPath value
        /// (taken as written): a file as given, a folder's *.log and *.gz files recursively (sorted).
        /// A value that matches nothing, or a folder with no log file, writes an error instead.</summary>
        public IEnumerable<string> Resolve(string path, bool literal)
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
                    resolved = LocalFile.KindOf(p) != FileKind.Missing ? new List<string> { p } : new List<string>();
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException)
            {
                resolved = new List<string>();
            }
            if (resolved.Count == 0)
            {
                cmdlet.WriteError(new ErrorRecord(new FileNotFoundException(DisplayText.Safe(ErrorMessages.AccessLogNoMatch.Format(path))),
                    ErrorIds.AccessLogPathNotFound, ErrorCategory.ObjectNotFound, path));
                yield break;
            }
            foreach (var r in resolved)
            {
                if (LocalFile.KindOf(r) == FileKind.Directory)
                {
                    var below = FilesBelow(r);
                    if (below is null) continue;   // read already, through another path or link
                    if (below.Count == 0)
                        cmdlet.WriteError(new ErrorRecord(new FileNotFoundException(DisplayText.Safe(ErrorMessages.AccessLogEmptyFolder.Format(r))),
                            ErrorIds.AccessLogPathNotFound, ErrorCategory.ObjectNotFound, path));
                    foreach (var f in below) yield return f;
                }
                else if (FirstTime(r, LocalFile.RealPath(r)))
                {
                    // Named directly: read even when it is not a regular file, so that the reader says why it cannot be.
                    yield return r;
                }
            }
        }

        /// <summary>The *.log and *.gz files below a folder, in name order (null when the folder was read already); a
        /// folder that cannot be listed is an error, not the end.</summary>
        private List<string>? FilesBelow(string root)
        {
            var found = new List<string>();
            var rootReal = LocalFile.RealPath(root) ?? root;
            if (!folders.Add(rootReal))
            {
                cmdlet.WriteVerbose(DisplayText.Safe($"'{root}' was read already (it is '{rootReal}')."));
                return null;
            }
            var pending = new Stack<(string Path, string Real)>();
            pending.Push((root, rootReal));
            while (pending.Count > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                var (dir, dirReal) = pending.Pop();
                FileSystemInfo[] entries;
                try
                {
                    entries = new DirectoryInfo(dir).GetFileSystemInfos();
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    cmdlet.WriteError(new ErrorRecord(ex, ErrorIds.AccessLogReadFailed, ErrorCategory.ReadError, dir) { ErrorDetails = new ErrorDetails(DisplayText.Safe(ex.Message)) });
                    continue;
                }
                foreach (var entry in entries)
                {
                    var isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0;
                    var isLog = entry.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".log", StringComparison.OrdinalIgnoreCase);
                    if (!isLink && !isLog && !(entry is DirectoryInfo)) continue;
                    var kind = LocalFile.KindOf(entry.FullName);
                    if (kind == FileKind.Directory)
                    {
                        if (isLink && !LocalFile.CanResolveLinks)
                        {
                            cmdlet.WriteWarning(DisplayText.Safe($"'{entry.FullName}' is a link to a folder: not followed, because Windows PowerShell cannot tell where it leads (PowerShell 7 can). Give its target as a -Path of its own."));
                            continue;
                        }
                        var real = isLink ? LocalFile.RealPath(entry.FullName) : Path.Combine(dirReal, entry.Name);
                        if (real is null)
                            cmdlet.WriteWarning(DisplayText.Safe($"'{entry.FullName}' was skipped: its links loop or are nested too deep."));
                        else if (folders.Add(real))
                            pending.Push((entry.FullName, real));
                        else
                            cmdlet.WriteVerbose(DisplayText.Safe($"'{entry.FullName}' leads to '{real}', which is read already: not followed again."));
                        continue;
                    }
                    if (!isLog) continue;
                    if (kind != FileKind.Regular)
                    {
                        cmdlet.WriteWarning(DisplayText.Safe($"'{entry.FullName}' was skipped: it is {LocalFile.Describe(kind)}, not a regular file."));
                        continue;
                    }
                    var fileReal = isLink ? LocalFile.RealPath(entry.FullName) : Path.Combine(dirReal, entry.Name);
                    if (FirstTime(entry.FullName, fileReal)) found.Add(entry.FullName);
                }
            }
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        private bool FirstTime(string path, string? real)
        {
            if (files.Add(real ?? path)) return true;
            cmdlet.WriteVerbose(DisplayText.Safe($"'{path}' is '{real}', which is read already."));
            return false;
        }

        public static ErrorRecord ToErrorRecord(AccessLogFileException ex)
        {
            var category = ex.ErrorId switch
            {
                ErrorIds.AccessLogReadFailed => ErrorCategory.ReadError,
                ErrorIds.AccessLogNotRegularFile => ErrorCategory.InvalidType,
                _ => ErrorCategory.InvalidData,
            };
            return new ErrorRecord(ex, ex.ErrorId, category, ex.Path);
        }
    }
}
