# The public types of both assemblies, against the list of what must be public (issue 18): the
# contract's output types and what PowerShell itself must see. Everything else is internal, so the
# surface cannot grow by accident: a new public type fails here until it is added below, with its reason.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:engine = [AlbTroubleshoot.AlbSnapshot].Assembly
    $script:cmdlets = (Get-Command Get-AlbSnapshot).ImplementingType.Assembly
}

Describe 'The public surface' {
    It 'the engine exports only the contract output types, the -StatusCode value, the view helper and the catalog build hook' {
        $allowed = @(
            # Output types (docs/public-surface.md §4-§6) and the types of their properties.
            'AlbTroubleshoot.AccessLogEntry'
            'AlbTroubleshoot.AccessLogEvidence'
            'AlbTroubleshoot.AccessLogSummary'
            'AlbTroubleshoot.AlbSnapshot'
            'AlbTroubleshoot.AthenaQuery'
            'AlbTroubleshoot.Diagnosis'
            'AlbTroubleshoot.EndpointProbeResult'
            'AlbTroubleshoot.ErrorCause'
            'AlbTroubleshoot.MetricSeries'
            'AlbTroubleshoot.NaclEphemeralResult'
            'AlbTroubleshoot.ReachabilityHop'
            'AlbTroubleshoot.ReachabilityResult'
            # Parameter types PowerShell binds: -StatusCode, ConvertTo-AlbReport -Format.
            'AlbTroubleshoot.StatusCodeFilter'
            'AlbTroubleshoot.Reporting.ReportFormat'
            # Called by the format file: [AlbTroubleshoot.DisplayText]::Safe(...).
            'AlbTroubleshoot.DisplayText'
            # Called by build.ps1 (-Task Docs). (The access-log and snapshot generators left for the scenario
            # tooling, tests/AlbTroubleshoot.Scenarios, which the module does not ship.)
            'AlbTroubleshoot.Catalog.CatalogDocument'
        )
        @($engine.GetExportedTypes().FullName | Sort-Object) | Should -Be @($allowed | Sort-Object)
    }

    It 'the cmdlet assembly exports only the cmdlets, their bases, parameter types, completers and view helpers' {
        $allowed = @(
            # Cmdlets (sealed) and the bases they derive from.
            'AlbTroubleshoot.Commands.ConvertToAlbReportCommand'
            'AlbTroubleshoot.Commands.ExportAlbSnapshotCommand'
            'AlbTroubleshoot.Commands.GetAlbAthenaQueryCommand'
            'AlbTroubleshoot.Commands.GetAlbAccessLogCommand'
            'AlbTroubleshoot.Commands.GetAlbErrorCauseCommand'
            'AlbTroubleshoot.Commands.GetAlbMetricCommand'
            'AlbTroubleshoot.Commands.GetAlbSnapshotCommand'
            'AlbTroubleshoot.Commands.InvokeAlbDiagnosisCommand'
            'AlbTroubleshoot.Commands.MeasureAlbAccessLogCommand'
            'AlbTroubleshoot.Commands.TestAlbNaclEphemeralCommand'
            'AlbTroubleshoot.Commands.TestAlbTargetEndpointCommand'
            'AlbTroubleshoot.Commands.TestAlbTargetReachabilityCommand'
            'AlbTroubleshoot.Commands.AccessLogCommandBase'
            'AlbTroubleshoot.AwsStateCmdlet'
            # Parameter types and the attributes PowerShell runs while binding.
            'AlbTroubleshoot.AwsSource'
            'AlbTroubleshoot.Commands.AccessLogEngine'
            'AlbTroubleshoot.SnapshotArgument'
            'AlbTroubleshoot.SnapshotTransformationAttribute'
            'AlbTroubleshoot.StatusCodeTransformationAttribute'
            # Argument completers.
            'AlbTroubleshoot.Commands.MetricNameCompleter'
            'AlbTroubleshoot.LoadBalancerCompleter'
            'AlbTroubleshoot.ProfileNameCompleter'
            'AlbTroubleshoot.RegionCompleter'
            'AlbTroubleshoot.StatusCodeCompleter'
            # Called by the format file and the types file.
            'AlbTroubleshoot.ViewText'
            'AlbTroubleshoot.ErrorCauseProperties'
        )
        @($cmdlets.GetExportedTypes().FullName | Sort-Object) | Should -Be @($allowed | Sort-Object)
    }

    It 'every cmdlet class is sealed' {
        $commands = @($cmdlets.GetExportedTypes() | Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract })
        $commands.Count | Should -Be (Get-Command -Module AlbTroubleshoot -CommandType Cmdlet).Count
        @($commands | Where-Object { -not $_.IsSealed }).FullName | Should -BeNullOrEmpty
    }
}
