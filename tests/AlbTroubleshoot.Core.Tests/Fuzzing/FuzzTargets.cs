using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using AlbTroubleshoot.Tests.Json;

namespace AlbTroubleshoot.Tests.Fuzzing
{
    /// <summary>
    /// The fuzz targets (tests/AlbTroubleshoot.Fuzz runs them under AFL++; FuzzRegressionTests replays
    /// every crash they found). A target throws only for a defect: an exception other than the
    /// reader's own documented error, or a broken invariant (an accepted value that does not read back
    /// the same, a disagreement with System.Text.Json). Public API only: the fuzz project links this file.
    /// </summary>
    internal static class FuzzTargets
    {
        public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
        {
            ["accesslog"] = AccessLogLines,
            ["gzip"] = GzipFile,
            ["json"] = Json,
            ["snapshot"] = Snapshot,
        };

        // The access-log reader's public entry point reads files: one scratch file per process and thread.
        private static string Scratch => Path.Combine(Path.GetTempPath(), "albfuzz-" + Environment.ProcessId + "-" + Environment.CurrentManagedThreadId);

        /// <summary>Plain access-log text: line splitting, the tokenizer, the field checks, entry building.</summary>
        public static void AccessLogLines(byte[] input)
        {
            // A gzip magic would send the input to the gzip reader: that is the other target.
            if (input.Length >= 2 && input[0] == 0x1f && input[1] == 0x8b) input[0] = (byte)'h';
            ReadAccessLog(Scratch + ".log", input);
        }

        /// <summary>gzip files: member headers and trailers (GzipMembersStream), then the chunked line reader.</summary>
        public static void GzipFile(byte[] input)
        {
            if (input.Length < 2 || input[0] != 0x1f || input[1] != 0x8b)
                input = new byte[] { 0x1f, 0x8b }.Concat(input).ToArray();
            ReadAccessLog(Scratch + ".log.gz", input);
        }

        private static void ReadAccessLog(string path, byte[] input)
        {
            File.WriteAllBytes(path, input);
            try
            {
                AccessLogReader.Read(path, new AccessLogQuery(), entry =>
                {
                    // Every property is read, as the default view and Export-Csv would.
                    foreach (var property in typeof(AccessLogEntry).GetProperties()) property.GetValue(entry);
                }, _ => { }, null, CancellationToken.None);
            }
            catch (AccessLogFileException)
            {
                // A file-level problem (corrupt or truncated gzip, a Classic/Network LB log): the documented error.
            }
        }

        /// <summary>
        /// JSON text: the reader must accept exactly what System.Text.Json accepts (same limits) and read
        /// the same value, and an accepted value must write and read back unchanged.
        /// </summary>
        public static void Json(byte[] input)
        {
            JsonValue? ours;
            try
            {
                ours = JsonValue.Parse(new MemoryStream(input), "fuzz");
            }
            catch (AlbTroubleshoot.Json.JsonException)
            {
                ours = null;
            }
            var reference = SystemTextJsonOracle.Read(input);
            if ((ours is null) != (reference is null))
                throw new InvalidOperationException(ours is null ? "We reject a text System.Text.Json accepts." : "We accept a text System.Text.Json rejects.");
            if (ours is null) return;
            if (!ours.DeepEquals(reference))
                throw new InvalidOperationException("We read a different value than System.Text.Json: " + ours.ToJson(false) + " versus " + reference!.ToJson(false));
            var written = ours.ToJson(indented: true);
            var again = JsonValue.Parse(written);
            if (!again.DeepEquals(ours) || again.ToJson(indented: true) != written)
                throw new InvalidOperationException("The value does not read back the same after writing.");
        }

        /// <summary>
        /// A snapshot file: read, checked and mapped to the model (JSON → SnapshotDocument → model), or a
        /// SnapshotFormatException; what maps must export, read back and map again to the same file.
        /// </summary>
        public static void Snapshot(byte[] input)
        {
            AlbSnapshot snapshot;
            try
            {
                snapshot = new AlbSnapshot(SnapshotDocument.Read(new MemoryStream(input), "fuzz.json"));
            }
            catch (SnapshotFormatException)
            {
                return;
            }
            var exported = snapshot.ToJson();
            var again = new AlbSnapshot(SnapshotDocument.Parse(exported, "exported.json"));
            if (again.ToJson() != exported)
                throw new InvalidOperationException("The exported snapshot does not export the same after reading it back.");
        }
    }
}
