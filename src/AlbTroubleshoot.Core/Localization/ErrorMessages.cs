using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace AlbTroubleshoot.Localization
{
    /// <summary>
    /// One user-facing message: its key in the translation tables and its English template
    /// ({0}, {1} … for the values, which are never translated: names, paths, ARNs, numbers).
    /// </summary>
    internal sealed class Message
    {
        internal Message(string key, string english)
        {
            Key = key;
            English = english;
        }

        /// <summary>The error ID the message belongs to, then what it says ("SnapshotFileNotFound.NoMatch").</summary>
        public string Key { get; }

        /// <summary>The English template: the source of every translation.</summary>
        public string English { get; }

        /// <summary>The message in the current UI culture's language (English where there is no translation).</summary>
        public string Format(params object?[] args) => Format(CultureInfo.CurrentUICulture, args);

        /// <summary>The message in <paramref name="culture"/>'s language; values are formatted invariantly either way.</summary>
        public string Format(CultureInfo culture, params object?[] args) =>
            string.Format(CultureInfo.InvariantCulture, Translations.Text(Key, English, culture), args);

        public override string ToString() => Key;
    }

    /// <summary>
    /// The English of the cmdlets' error messages that have translations, keyed by their stable error
    /// ID (FullyQualifiedErrorId) and what they say. A cmdlet builds its message with
    /// <see cref="Message.Format(object[])"/>, so the same call gives English or the UI culture's
    /// language; the translations are in Localization/&lt;culture&gt;.txt under the same keys.
    /// </summary>
    internal static class ErrorMessages
    {
        private const string InstallTools = "To install AWS Tools: Install-Module AWS.Tools.EC2, AWS.Tools.ElasticLoadBalancingV2, AWS.Tools.WAFV2 -Scope CurrentUser.";
        private const string InstallCli = "To install the AWS CLI: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html";

        // Which load balancer, and where its data comes from.
        public static readonly Message LoadBalancerNotSpecified = new("LoadBalancerNotSpecified",
            "Say which load balancer: -Name, -LoadBalancerArn, a piped AWS Tools LoadBalancer object, or -Snapshot (or -Path) for a snapshot file.");
        public static readonly Message LoadBalancerNotInSnapshot = new("LoadBalancerNotFound.InSnapshot",
            "Load balancer '{0}' is not in the snapshot {1} (it holds: {2}).");
        public static readonly Message LoadBalancerNotFoundLive = new("LoadBalancerNotFound.Live",
            "Load balancer '{0}' was not found: {1} It may be in another Region or account (-Region, -ProfileName).");
        public static readonly Message NoLoadBalancerInSnapshot = new("NoLoadBalancerInSnapshot",
            "The snapshot {0} holds no load balancer to analyse: {1}.");
        public static readonly Message NoLoadBalancerInSnapshotEmpty = new("NoLoadBalancerInSnapshot.Empty",
            "The snapshot {0} holds no load balancer to analyse: its DescribeLoadBalancers section is empty.");
        public static readonly Message AwsSourceNotFound = new("AwsSourceNotFound",
            "Neither AWS Tools for PowerShell nor the aws CLI is available, so nothing can be collected from AWS. Install either: " + InstallTools + " " + InstallCli +
            " Or work offline with a snapshot file: -Snapshot <path> (a colleague can make one with Export-AlbSnapshot).");
        public static readonly Message AwsToolsNotFound = new("AwsToolsNotFound",
            "AWS Tools for PowerShell were not found (Get-ELB2LoadBalancer, Get-EC2SecurityGroup). " + InstallTools + " Or use -Source AwsCli, or -Snapshot for a snapshot file.");
        public static readonly Message AwsCliNotFound = new("AwsCliNotFound",
            "The aws CLI was not found on PATH. " + InstallCli + " Or use -Source AwsTools, or -Snapshot for a snapshot file.");

        // A failed AWS call: what was being done; ": " and AWS's own message (with the hint) follow, untranslated.
        public static readonly Message CollectionFailed = new("AwsCollectionFailed.Collect", "Could not collect from AWS through {0}");
        public static readonly Message TargetGroupsNotDescribed = new("AwsCollectionFailed.TargetGroups", "Could not describe target groups through {0}");
        public static readonly Message LoadBalancersNotDescribed = new("AwsCallFailed.LoadBalancers", "Could not describe the load balancers");

        // Snapshot files read.
        public static readonly Message SnapshotNotFileSystem = new("SnapshotFileNotFound.NotFileSystem", "'{0}' is not a file-system path; a snapshot is a file.");
        public static readonly Message SnapshotNoMatch = new("SnapshotFileNotFound.NoMatch", "No snapshot file matches '{0}'.");
        public static readonly Message SnapshotNoMatchName = new("SnapshotFileNotFound.LoadBalancerName",
            "No snapshot file matches '{0}'. To collect the load balancer '{0}' live, use -Name {0}.");
        public static readonly Message SnapshotPathIsFolder = new("SnapshotPathIsFolder",
            "'{0}' is a folder, not a snapshot file. To read every snapshot in it: -Snapshot '{1}'.");
        public static readonly Message SnapshotUnreadable = new("SnapshotFormat.CannotRead", "Cannot read snapshot '{0}': {1}");

        // Snapshot files written (Export-AlbSnapshot).
        public static readonly Message SnapshotPathMissing = new("SnapshotPathRequired.Missing", "Say where to write the snapshot: -Path <file>.");
        public static readonly Message SnapshotPathBoth = new("SnapshotPathRequired.Both", "Give -Path or -LiteralPath, not both.");
        public static readonly Message SnapshotPathNoMatch = new("SnapshotPathRequired.NoMatch",
            "-Path '{0}' has wildcards and matches no file. To create a file with these characters in its name, use -LiteralPath.");
        public static readonly Message SnapshotPathMany = new("SnapshotPathRequired.Many", "-Path '{0}' matches {1} files; a snapshot is written to one file.");
        public static readonly Message SnapshotPathNotFileSystem = new("SnapshotPathRequired.NotFileSystem", "'{0}' is not a file-system path; a snapshot is written to a file.");
        public static readonly Message SnapshotTargetIsFolder = new("SnapshotPathIsFolder.Write",
            "'{0}' is a folder: give the path of the snapshot file to write, such as '{1}'.");
        public static readonly Message SnapshotFileExists = new("SnapshotFileExists",
            "The file '{0}' already exists and -NoClobber keeps it. Leave out -NoClobber to replace it, or choose another path.");

        // Status codes.
        public static readonly Message UnknownStatusCode = new("UnknownStatusCode",
            "Status code {0} is not one an Application Load Balancer or its targets return as an error. " +
            "The load balancer itself generates {1}; any other 4XX or 5XX code comes from the target, a fixed-response action or an AWS WAF custom response.");
        public static readonly Message NoStatusCode = new("NoStatusCode",
            "-StatusCode was given no code (the value is $null or empty): give a code such as 502 or a class 5XX, or leave it out for every cause.");

        // Access logs.
        public static readonly Message AccessLogNoMatch = new("AccessLogPathNotFound.NoMatch", "No access-log file or folder matches '{0}'.");
        public static readonly Message AccessLogEmptyFolder = new("AccessLogPathNotFound.EmptyFolder",
            "The folder '{0}' holds no access-log file (*.log, *.gz), in it or below it.");
        public static readonly Message AccessLogFromNeedsLive = new("AccessLogPathRequired.Snapshot",
            "-AccessLogFrom without -AccessLogPath downloads the logs from the load balancer's S3 bucket, which needs a live load balancer (-Name or -LoadBalancerArn). With -Snapshot, download the logs and give them with -AccessLogPath.");
        public static readonly Message AccessLogToAlone = new("AccessLogPathRequired.ToAlone",
            "-AccessLogTo ends a window: give -AccessLogFrom too (to download the logs of a live load balancer), or -AccessLogPath (the files to read).");
        public static readonly Message InvalidAccessLogWindow = new("InvalidAccessLogWindow",
            "-{0} ({1}) is before -{2} ({3}): no log line can be in that window.");

        // Reports.
        public static readonly Message NoDiagnosisToReport = new("NoDiagnosisToReport",
            "No diagnosis reached ConvertTo-AlbReport, so there is no report to write. Pipe Invoke-AlbDiagnosis output to it; if Invoke-AlbDiagnosis wrote errors, they say why it had nothing to diagnose.");

        /// <summary>Every message declared here.</summary>
        public static IReadOnlyList<Message> All => typeof(ErrorMessages)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Message))
            .Select(f => (Message)f.GetValue(null)!)
            .ToArray();
    }
}
