using System;
using System.IO;
using AlbTroubleshoot.Snapshots;
using AlbTroubleshoot.Scenarios;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>Memory is measured process-wide: these tests run alone, after the parallel ones.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MemoryMeasurements
    {
        public const string Name = "Memory measurements";
    }

    /// <summary>
    /// A large snapshot is read from the file as it streams in, into a compact document (each distinct
    /// text held once), and mapped without copying it: what it allocates and what it keeps stay within
    /// a small multiple of the file. build.ps1 -Task Bench measures the peak working set on 200 MB.
    /// </summary>
    [Collection(MemoryMeasurements.Name)]
    public class SnapshotMemoryTests
    {
        [Fact]
        public void A_large_snapshot_allocates_and_keeps_less_than_a_small_multiple_of_its_file()
        {
            var path = Path.Combine(Path.GetTempPath(), "alb-large-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                var sample = RepoPaths.Combine("samples", "healthy.json");
                SnapshotGenerator.WriteLarge(sample, path, 8 << 20);
                var size = new FileInfo(path).Length;
                GC.KeepAlive(new AlbSnapshot(SnapshotDocument.Load(sample))); // code paths warmed up, not counted

                var heldBefore = GC.GetTotalMemory(forceFullCollection: true);
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var snapshot = new AlbSnapshot(SnapshotDocument.Load(path), path);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                var held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;
                GC.KeepAlive(snapshot);

                Assert.True(snapshot.LoadBalancers.Length > 100, "The generated file holds many load balancers.");
                // Before: the file read as one string, a tree of separate strings, a normalized copy of
                // every section for the mapper: 11.9x allocated and 4.1x kept; now about 2.3x and 1.3x.
                Assert.True(allocated < 3 * size, $"Reading allocated {allocated:N0} bytes for a {size:N0}-byte file ({(double)allocated / size:N2}x).");
                Assert.True(held < 1.6 * size, $"The snapshot keeps {held:N0} bytes for a {size:N0}-byte file ({(double)held / size:N2}x).");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
