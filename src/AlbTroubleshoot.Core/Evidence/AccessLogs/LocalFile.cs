using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>What a path is, following symbolic links.</summary>
    internal enum FileKind
    {
        Missing,
        Regular,
        Directory,
        Fifo,
        Socket,
        CharacterDevice,
        BlockDevice,
        /// <summary>Not known to be a regular file: empty, where the file type cannot be asked (see <see cref="LocalFile.KindOf"/>).</summary>
        EmptyOrSpecial,
    }

    /// <summary>
    /// The file-system questions the access-log reader asks before it opens anything: is this a regular
    /// file (a FIFO, socket or device would block or never end), and which real file or folder is this
    /// path (so that symbolic links neither loop nor read a file twice).
    /// </summary>
    internal static class LocalFile
    {
        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private static bool statxMissing;

        /// <summary>
        /// The kind of file at <paramref name="path"/>, following links. On Linux the file type comes from
        /// statx(2) (glibc 2.28, musl 1.2.5 and later). Windows has no FIFOs or devices among files (device
        /// names such as CON or \\.\ paths are <see cref="FileKind.CharacterDevice"/>). Elsewhere, or without
        /// statx, a file's type cannot be asked from .NET: a non-empty file is taken as regular (FIFOs,
        /// sockets and devices report a size of 0) and an empty one as <see cref="FileKind.EmptyOrSpecial"/>.
        /// </summary>
        public static FileKind KindOf(string path)
        {
            if (IsLinux && !statxMissing)
            {
                var kind = Statx(path);
                if (kind.HasValue) return kind.Value;
            }
            if (IsWindows && IsWindowsDevice(path)) return FileKind.CharacterDevice;
            if (Directory.Exists(path)) return FileKind.Directory;
            if (!File.Exists(path)) return FileKind.Missing;
            if (IsWindows) return FileKind.Regular;
            try
            {
                return new FileInfo(path).Length > 0 ? FileKind.Regular : FileKind.EmptyOrSpecial;
            }
            catch (IOException)
            {
                return FileKind.Missing;
            }
        }

        /// <summary>"a FIFO (named pipe)" and the like, for messages.</summary>
        public static string Describe(FileKind kind) => kind switch
        {
            FileKind.Fifo => "a FIFO (named pipe)",
            FileKind.Socket => "a socket",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Directory => "a folder",
            FileKind.Missing => "not there (it was removed, or a link points nowhere)",
            FileKind.EmptyOrSpecial => "empty, or not a regular file (this system cannot tell which)",
            _ => "a regular file",
        };

        private static FileKind? Statx(string path)
        {
            var name = Encoding.UTF8.GetBytes(path + "\0");
            var buffer = new byte[256];
            int result;
            try
            {
                result = NativeMethods.statx(AtFdCwd, name, 0, StatxType, buffer);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException || ex is DllNotFoundException)
            {
                statxMissing = true;
                return null;
            }
            if (result != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                return errno == 2 || errno == 20 || errno == 40 ? FileKind.Missing : null; // ENOENT, ENOTDIR, ELOOP
            }
            // struct statx: stx_mode is the 16-bit field at byte 28 on every architecture.
            var mode = buffer[28] | (buffer[29] << 8);
            return (mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0x1000 => FileKind.Fifo,
                0xC000 => FileKind.Socket,
                0x2000 => FileKind.CharacterDevice,
                0x6000 => FileKind.BlockDevice,
                _ => FileKind.EmptyOrSpecial,
            };
        }

        private const int AtFdCwd = -100;
        private const uint StatxType = 1;

        private static bool IsWindowsDevice(string path)
        {
            if (path.StartsWith(@"\\.\", StringComparison.Ordinal) || path.StartsWith(@"\\?\GLOBALROOT", StringComparison.OrdinalIgnoreCase)) return true;
            var name = Path.GetFileNameWithoutExtension(path).TrimEnd(' ', '.');
            return Array.Exists(WindowsDeviceNames, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
        }

        private static readonly string[] WindowsDeviceNames =
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        // FileSystemInfo.LinkTarget (.NET 6 and later, so PowerShell 7.4+): the text of a symbolic link or
        // junction, null for anything else. netstandard2.0 does not have it; Windows PowerShell 5.1 neither.
        private static readonly PropertyInfo? LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>True when this runtime can read link targets, so links to folders can be followed safely.</summary>
        public static bool CanResolveLinks => LinkTargetProperty is not null;

        /// <summary>The target of a symbolic link or junction as written in it, or null when the path is not one.</summary>
        public static string? LinkTarget(string path)
        {
            if (LinkTargetProperty is null) return null;
            try
            {
                return LinkTargetProperty.GetValue(new FileInfo(path)) as string;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is IOException || ex.InnerException is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>
        /// The path with every symbolic link in it resolved (what realpath(3) gives), or null for a link
        /// loop or more than 40 links. Without <see cref="CanResolveLinks"/>, the full path as given.
        /// Paths on Windows compare without regard to case.
        /// </summary>
        public static string? RealPath(string path)
        {
            // GetFullPath would fold "link/.." before the link is read, so a rooted path is taken as it is.
            var full = Path.IsPathRooted(path) ? path : Path.GetFullPath(path);
            if (!CanResolveLinks) return Path.GetFullPath(path);
            var root = Path.GetPathRoot(full) ?? string.Empty;
            var pending = new List<string>(Parts(full.Substring(root.Length)));
            pending.Reverse(); // a stack: the next part is at the end
            var current = root;
            var links = 0;
            while (pending.Count > 0)
            {
                var part = pending[pending.Count - 1];
                pending.RemoveAt(pending.Count - 1);
                if (part.Length == 0 || part == ".") continue;
                if (part == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }
                var candidate = Path.Combine(current, part);
                var target = LinkTarget(candidate);
                if (target is null)
                {
                    current = candidate;
                    continue;
                }
                if (++links > 40) return null;
                if (Path.IsPathRooted(target))
                {
                    current = Path.GetPathRoot(target) ?? root;
                    target = target.Substring(current.Length);
                }
                var more = Parts(target);
                for (var i = more.Length - 1; i >= 0; i--) pending.Add(more[i]);
            }
            return current;
        }

        private static string[] Parts(string relative) =>
            relative.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.None);

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = true, ExactSpelling = true)]
            internal static extern int statx(int dirfd, byte[] pathname, int flags, uint mask, byte[] statxbuf);
        }
    }
}
