using System;

namespace AlbTroubleshoot
{
    /// <summary>
    /// The value of -Snapshot: an AlbSnapshot object or the path of a snapshot file. PowerShell
    /// converts either into this type through its constructors, so `-Snapshot web.json`,
    /// `-Snapshot $snap` and `Get-AlbSnapshot -Path web.json | Test-…` all bind, while piped AWS
    /// Tools LoadBalancer objects still bind to -LoadBalancerArn/-Name by property name.
    /// The file is read when the command runs, so a bad file gets the snapshot error IDs.
    /// </summary>
    public sealed class SnapshotArgument
    {
        public SnapshotArgument(AlbSnapshot snapshot)
        {
            Snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        }

        public SnapshotArgument(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The snapshot path is empty.", nameof(path));
            Path = path;
        }

        /// <summary>The snapshot object, when one was given.</summary>
        public AlbSnapshot? Snapshot { get; }

        /// <summary>The file path, when a path was given.</summary>
        public string? Path { get; }

        public override string ToString() => Snapshot?.ToString() ?? Path ?? string.Empty;
    }
}
