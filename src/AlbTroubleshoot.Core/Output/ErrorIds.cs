namespace AlbTroubleshoot
{
    /// <summary>
    /// Every stable error ID the module writes (the part of FullyQualifiedErrorId before the comma),
    /// in one table: scripts match on these strings, so they are public contract even though the
    /// class is not. Each name is its own value, and docs/error-ids.md lists each one with its
    /// category and meaning (a unit test holds all three together, and fails when an ID string is
    /// written anywhere else in the source).
    /// </summary>
    internal static class ErrorIds
    {
        // Which load balancer, and where its AWS state comes from (every cmdlet with the §2 parameters).
        public const string LoadBalancerNotSpecified = nameof(LoadBalancerNotSpecified);
        public const string LoadBalancerNotFound = nameof(LoadBalancerNotFound);
        public const string NoLoadBalancerInSnapshot = nameof(NoLoadBalancerInSnapshot);
        public const string NotAnApplicationLoadBalancer = nameof(NotAnApplicationLoadBalancer);
        public const string TargetGroupNotFound = nameof(TargetGroupNotFound);
        public const string TargetGroupNotAttached = nameof(TargetGroupNotAttached);

        // Live collection: which back end, and AWS failures by kind (AwsFailureKind).
        public const string AwsSourceNotFound = nameof(AwsSourceNotFound);
        public const string AwsToolsNotFound = nameof(AwsToolsNotFound);
        public const string AwsCliNotFound = nameof(AwsCliNotFound);
        public const string InvalidCredentialParameter = nameof(InvalidCredentialParameter);
        public const string AwsCollectionFailed = nameof(AwsCollectionFailed);
        public const string AwsCallFailed = nameof(AwsCallFailed);
        public const string AwsAccessDenied = nameof(AwsAccessDenied);
        public const string AwsCredentialsNotFound = nameof(AwsCredentialsNotFound);
        public const string AwsCredentialsRejected = nameof(AwsCredentialsRejected);
        public const string AwsRegionNotSet = nameof(AwsRegionNotSet);
        public const string AwsResourceNotFound = nameof(AwsResourceNotFound);
        public const string AwsThrottled = nameof(AwsThrottled);
        public const string AwsEndpointUnreachable = nameof(AwsEndpointUnreachable);

        // Values checked against AWS's rules before any call (AwsValueRules).
        public const string InvalidLoadBalancerName = nameof(InvalidLoadBalancerName);
        public const string InvalidLoadBalancerArn = nameof(InvalidLoadBalancerArn);
        public const string InvalidTargetGroupArn = nameof(InvalidTargetGroupArn);
        public const string InvalidRegion = nameof(InvalidRegion);
        public const string InvalidProfileName = nameof(InvalidProfileName);
        public const string InvalidEndpointUrl = nameof(InvalidEndpointUrl);
        public const string InvalidAthenaName = nameof(InvalidAthenaName);
        public const string InvalidAthenaWorkGroup = nameof(InvalidAthenaWorkGroup);
        public const string InvalidS3Location = nameof(InvalidS3Location);
        public const string UnsafeAwsValue = nameof(UnsafeAwsValue);
        public const string InvalidAwsArgument = nameof(InvalidAwsArgument);

        // Snapshot files: finding, reading, writing.
        public const string SnapshotFileNotFound = nameof(SnapshotFileNotFound);
        public const string SnapshotPathIsFolder = nameof(SnapshotPathIsFolder);
        public const string SnapshotFileUnreadable = nameof(SnapshotFileUnreadable);
        public const string SnapshotNotJson = nameof(SnapshotNotJson);
        public const string SnapshotNotASnapshot = nameof(SnapshotNotASnapshot);
        public const string SnapshotVersionNotSupported = nameof(SnapshotVersionNotSupported);
        public const string SnapshotPathRequired = nameof(SnapshotPathRequired);
        public const string SnapshotFileExists = nameof(SnapshotFileExists);
        public const string SnapshotFileNotWritten = nameof(SnapshotFileNotWritten);

        // Piped objects that are not data (ObjectWalker).
        public const string ObjectCycle = nameof(ObjectCycle);
        public const string ObjectTooDeep = nameof(ObjectTooDeep);
        public const string ObjectTooLarge = nameof(ObjectTooLarge);

        // Status codes and reports.
        public const string UnknownStatusCode = nameof(UnknownStatusCode);
        public const string NoStatusCode = nameof(NoStatusCode);
        public const string NoDiagnosisToReport = nameof(NoDiagnosisToReport);

        // Network ACLs given by hand (Test-AlbNaclEphemeral).
        public const string InvalidPeerCidr = nameof(InvalidPeerCidr);
        public const string InvalidPortRange = nameof(InvalidPortRange);
        public const string InvalidNetworkAcl = nameof(InvalidNetworkAcl);

        // Probing targets (Test-AlbTargetEndpoint).
        public const string InvalidProbeAddress = nameof(InvalidProbeAddress);
        public const string InvalidProbePath = nameof(InvalidProbePath);
        public const string InvalidProbeMatcher = nameof(InvalidProbeMatcher);
        public const string ProbeFailed = nameof(ProbeFailed);

        // CloudWatch metrics.
        public const string InvalidMetricWindow = nameof(InvalidMetricWindow);
        public const string InvalidMetricTime = nameof(InvalidMetricTime);
        public const string UnknownMetricName = nameof(UnknownMetricName);
        public const string MetricDataNotInSnapshot = nameof(MetricDataNotInSnapshot);
        public const string MetricDataMalformed = nameof(MetricDataMalformed);

        // A fleet (-All).
        public const string OneRegionOnly = nameof(OneRegionOnly);
        public const string FleetRegionFailed = nameof(FleetRegionFailed);
        public const string FleetLoadBalancerIncomplete = nameof(FleetLoadBalancerIncomplete);
        public const string FleetLoadBalancerFailed = nameof(FleetLoadBalancerFailed);

        // Access-log files (one bad file never stops the others).
        public const string AccessLogPathNotFound = nameof(AccessLogPathNotFound);
        public const string AccessLogReadFailed = nameof(AccessLogReadFailed);
        public const string AccessLogNotRegularFile = nameof(AccessLogNotRegularFile);
        public const string AccessLogNotAlb = nameof(AccessLogNotAlb);
        public const string AccessLogGzipTruncated = nameof(AccessLogGzipTruncated);
        public const string AccessLogGzipCorrupt = nameof(AccessLogGzipCorrupt);
        public const string AccessLogGzipChecksum = nameof(AccessLogGzipChecksum);

        // Access logs as diagnosis evidence (-AccessLogPath, -AccessLogFrom).
        public const string InvalidAccessLogWindow = nameof(InvalidAccessLogWindow);
        public const string AccessLogPathRequired = nameof(AccessLogPathRequired);
        public const string AccessLogDownloadFailed = nameof(AccessLogDownloadFailed);
        public const string AccessLogDownloadTooLarge = nameof(AccessLogDownloadTooLarge);

        // Access logs on Athena (-Engine Athena, Get-AlbAthenaQuery).
        public const string AccessLogEngineMismatch = nameof(AccessLogEngineMismatch);
        public const string AthenaWindowRequired = nameof(AthenaWindowRequired);
        public const string InvalidAccessLogGrouping = nameof(InvalidAccessLogGrouping);
        public const string InvalidAccessLogUri = nameof(InvalidAccessLogUri);
        public const string AccessLogLocationUnknown = nameof(AccessLogLocationUnknown);
        public const string AthenaQueryFailed = nameof(AthenaQueryFailed);
        public const string AthenaCallFailed = nameof(AthenaCallFailed);
        public const string AthenaResultUnreadable = nameof(AthenaResultUnreadable);
    }
}
