using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>A temporary folder for one test's log files, deleted afterwards, and the log text and gzip builders the file tests share.</summary>
    public abstract class LogFolder : IDisposable
    {
        protected LogFolder()
        {
            Dir = Path.Combine(Path.GetTempPath(), "albtests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Dir);
        }

        protected string Dir { get; }

        protected string Write(string name, byte[] bytes)
        {
            var p = Path.Combine(Dir, name);
            File.WriteAllBytes(p, bytes);
            return p;
        }

        protected string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

        /// <summary>Healthy lines with this elb_status_code, each with its own trace ID.</summary>
        internal static string Lines(int count, string code = "200") =>
            string.Concat(Enumerable.Range(0, count).Select(i => new LogLine().With(AlbTroubleshoot.AccessLogs.Field.ElbStatusCode, code).With(AlbTroubleshoot.AccessLogs.Field.TraceId, "Root=" + i) + "\n"));

        /// <summary>One gzip member.</summary>
        internal static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, level, leaveOpen: true)) gz.Write(data, 0, data.Length);
            return ms.ToArray();
        }

        internal static byte[] Gzip(string text, CompressionLevel level = CompressionLevel.Optimal) => Gzip(Encoding.UTF8.GetBytes(text), level);

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing && Directory.Exists(Dir)) Directory.Delete(Dir, true);
        }
    }
}
