using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace AlbTroubleshoot
{
    /// <summary>
    /// One value of -Snapshot: an AlbSnapshot object, or a snapshot file path (wildcards allowed when
    /// typed; taken literally when it comes from a file object). The file is read when the command
    /// runs (<see cref="AwsStateCmdlet"/>), so a bad file gets the snapshot error IDs.
    /// </summary>
    public sealed class SnapshotArgument
    {
        public SnapshotArgument(AlbSnapshot snapshot)
        {
            Snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        }

        /// <summary>A path as a user types it: wildcards expand.</summary>
        public SnapshotArgument(string path) : this(path, isLiteralPath: false)
        {
        }

        /// <summary>A file or folder object (Get-Item, Get-ChildItem): its full path, taken as written.</summary>
        public SnapshotArgument(FileSystemInfo file) : this((file ?? throw new ArgumentNullException(nameof(file))).FullName, isLiteralPath: true)
        {
        }

        public SnapshotArgument(string path, bool isLiteralPath)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The snapshot path is empty.", nameof(path));
            Path = path;
            IsLiteralPath = isLiteralPath;
        }

        /// <summary>The snapshot object, when one was given.</summary>
        public AlbSnapshot? Snapshot { get; }

        /// <summary>The file path, when a path was given.</summary>
        public string? Path { get; }

        /// <summary>True when <see cref="Path"/> is taken as written (no wildcards): it came from a file object or -LiteralPath.</summary>
        public bool IsLiteralPath { get; }

        public override string ToString() => Snapshot?.ToString() ?? Path ?? string.Empty;
    }

    /// <summary>
    /// Turns what users pipe or pass as a snapshot (an AlbSnapshot, a path string, a FileInfo from
    /// Get-Item/Get-ChildItem, a PathInfo from Resolve-Path) into <see cref="SnapshotArgument"/>s
    /// before binding. Why: PowerShell tries, for each piped object, binding by value without type
    /// conversion, then by property name without conversion, and only then with conversion. A
    /// transformation runs in that first step, so a piped file binds -Snapshot before its Name
    /// property could bind -Name (which went live with the file's name). Anything else is returned
    /// unchanged, so it does not bind here and piped AWS Tools LoadBalancer objects, CLI JSON and our
    /// own objects still bind -Name/-LoadBalancerArn by property name (see docs/public-surface.md).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SnapshotTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string || value is not IEnumerable items)
                return TryConvert(value, out var one) ? new[] { one! } : inputData;
            var list = new List<SnapshotArgument>();
            foreach (var item in items)
            {
                if (!TryConvert(item is PSObject p ? p.BaseObject : item, out var argument)) return inputData;
                list.Add(argument!);
            }
            return list.ToArray();
        }

        private static bool TryConvert(object? value, out SnapshotArgument? argument)
        {
            argument = value switch
            {
                SnapshotArgument a => a,
                AlbSnapshot s => new SnapshotArgument(s),
                FileSystemInfo f => new SnapshotArgument(f),
                PathInfo p when p.Provider?.Name == "FileSystem" => new SnapshotArgument(p.ProviderPath, isLiteralPath: true),
                string t when !string.IsNullOrWhiteSpace(t) => new SnapshotArgument(t),
                _ => null,
            };
            return argument is not null;
        }
    }
}
