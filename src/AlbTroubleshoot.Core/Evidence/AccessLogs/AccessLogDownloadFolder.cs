using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Where downloaded access logs live while a command reads them: one new folder only this user
    /// can open, under the temporary folder, deleted at the end. File names never come from the S3
    /// key: a key is remote data (it may hold "../", "..\", a drive letter or an absolute path, and
    /// two keys may end alike), so each file is named by a hash of its whole key. Names stay short,
    /// because Windows PowerShell 5.1 fails on paths of 260 characters and more, and the %TEMP% of a
    /// Run Command (the SYSTEM profile) is already long: the folder adds 18 characters, a file 24.
    /// </summary>
    internal sealed class AccessLogDownloadFolder : IDisposable
    {
        /// <summary>The prefix of every download folder's name.</summary>
        public const string NamePrefix = "albt-";

        private AccessLogDownloadFolder(string path) { Path = path; }

        /// <summary>The folder's full path.</summary>
        public string Path { get; }

        /// <summary>
        /// Creates a new private folder with a random name under <paramref name="parent"/> (the
        /// temporary folder by default). A name that exists already is never reused: it may be
        /// someone else's, made to receive our files.
        /// </summary>
        public static AccessLogDownloadFolder Create(string? parent = null)
        {
            var root = parent ?? System.IO.Path.GetTempPath();
            for (var attempt = 0; ; attempt++)
            {
                var path = System.IO.Path.Combine(root, NamePrefix + RandomHex(6));
                try
                {
                    PrivateDirectory.Create(path);
                    return new AccessLogDownloadFolder(path);
                }
                catch (IOException) when (attempt < 5 && (Directory.Exists(path) || File.Exists(path)))
                {
                    // Taken (by chance or on purpose): draw another name.
                }
            }
        }

        /// <summary>
        /// The local file for an S3 key: 16 hexadecimal digits of the key's SHA-256, so nothing in the
        /// key reaches the path and distinct keys get distinct files; the extension says whether it
        /// is compressed (the reader also checks the gzip magic number).
        /// </summary>
        public string FileFor(string key)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
            var name = new StringBuilder(24);
            for (var i = 0; i < 8; i++) name.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            name.Append(key.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? ".log.gz" : ".log");
            return System.IO.Path.Combine(Path, name.ToString());
        }

        /// <summary>Deletes the folder and everything downloaded into it.</summary>
        public void Dispose()
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        private static string RandomHex(int bytes)
        {
            var buffer = new byte[bytes];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(buffer);
            var sb = new StringBuilder(bytes * 2);
            foreach (var b in buffer) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }

    /// <summary>
    /// Creates a directory that only the current user (and, on Windows, SYSTEM and Administrators)
    /// can open, private from its first moment: no window in which another user could open it.
    /// <list type="bullet">
    /// <item>Unix: mode 0700 at creation (Directory.CreateDirectory(path, UnixFileMode) of .NET 7+,
    /// which PowerShell 7.4+ runs on, reached by reflection from this netstandard2.0 build);</item>
    /// <item>Windows: CreateDirectoryW with the protected access list CPython uses for mkdir(mode=0o700)
    /// (gh-118486): full control for SYSTEM, Administrators and the owner (OWNER RIGHTS, so the
    /// owner cannot be widened by another account), inherited by everything created inside, nothing
    /// inherited from %TEMP%.</item>
    /// </list>
    /// Fails (IOException) when the path exists already, so a folder planted by someone else is never used.
    /// </summary>
    internal static class PrivateDirectory
    {
        /// <summary>The Windows access list: protected (P), SYSTEM, Administrators and OWNER RIGHTS, objects and containers inherit (OICI).</summary>
        internal const string WindowsSddl = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;OW)";

        /// <summary>rwx for the owner only.</summary>
        internal const int UnixMode = 0x1C0;   // 0700

        public static void Create(string path)
        {
            if (File.Exists(path) || Directory.Exists(path))
                throw new IOException("'" + path + "' exists already.");
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) CreateOnWindows(path);
            else CreateOnUnix(path);
        }

        private static void CreateOnUnix(string path)
        {
            var modeType = Type.GetType("System.IO.UnixFileMode", throwOnError: false);
            var create = modeType is null ? null : typeof(Directory).GetMethod(nameof(Directory.CreateDirectory), new[] { typeof(string), modeType });
            if (create is null)
            {
                // .NET before 7 (PowerShell 7.0-7.3) and Mono: the C library's mkdir, which takes the mode itself.
                if (NativeMethods.mkdir(Encoding.UTF8.GetBytes(path + "\0"), UnixMode) != 0)
                    throw new IOException("Could not create the folder '" + path + "' (mkdir failed with errno " + Marshal.GetLastWin32Error().ToString(System.Globalization.CultureInfo.InvariantCulture) + ").");
                return;
            }
            try
            {
                create.Invoke(null, new object[] { path, Enum.ToObject(modeType!, UnixMode) });
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }

        private static void CreateOnWindows(string path)
        {
            if (!NativeMethods.ConvertStringSecurityDescriptorToSecurityDescriptorW(WindowsSddl, 1, out var descriptor, IntPtr.Zero))
                throw new Win32Exception(Marshal.GetLastWin32Error());
            try
            {
                var attributes = new NativeMethods.SecurityAttributes
                {
                    Length = Marshal.SizeOf<NativeMethods.SecurityAttributes>(),
                    SecurityDescriptor = descriptor,
                    InheritHandle = 0,
                };
                if (!NativeMethods.CreateDirectoryW(path, ref attributes))
                {
                    var error = Marshal.GetLastWin32Error();
                    throw new IOException("Could not create '" + path + "': " + new Win32Exception(error).Message, error);
                }
            }
            finally
            {
                NativeMethods.LocalFree(descriptor);
            }
        }

        private static class NativeMethods
        {
            /// <summary>The C library's mkdir(2); the path as NUL-terminated UTF-8 bytes.</summary>
            [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // one call per download folder; libc is found by the loader's own rules
            internal static extern int mkdir(byte[] path, uint mode);
#pragma warning restore SYSLIB1054, CA5392

            [StructLayout(LayoutKind.Sequential)]
            internal struct SecurityAttributes
            {
                public int Length;
                public IntPtr SecurityDescriptor;
                public int InheritHandle;
            }

            [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string stringSecurityDescriptor, uint revision, out IntPtr securityDescriptor, IntPtr securityDescriptorSize);

            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool CreateDirectoryW(string pathName, ref SecurityAttributes securityAttributes);

            [DllImport("kernel32.dll", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
            internal static extern IntPtr LocalFree(IntPtr memory);
        }
    }
}
