<#
.SYNOPSIS
    The module's main job on data it ships, for `build.ps1 -Task Demo`: no AWS account needed.
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force

Write-Host "`nWhat can cause each code the troubleshooting guide starts from:" -ForegroundColor Cyan
foreach ($code in 400, 403, 408, 464, 502, 503, 504) {
    Get-AlbErrorCause -StatusCode $code | Format-Table -Property StatusCode, Side, Id, Title -AutoSize | Out-String -Width 160 | Write-Host
}
Write-Host 'What to check first for a 504:' -ForegroundColor Cyan
Get-AlbErrorCause 504 | ForEach-Object { Write-Host ("[ ] {0}`n    {1}" -f $_.Id, $_.Check) }

Write-Host "`nA snapshot read offline, collected without some permissions (samples/unknown-missing-sections.json):" -ForegroundColor Cyan
$snapshot = Get-AlbSnapshot -Path (Join-Path $PSScriptRoot '../samples/unknown-missing-sections.json')
$snapshot | Format-List LoadBalancers, Region, CollectedAt, Source, Errors, MissingSections | Out-String -Width 160 | Write-Host

$samples = Join-Path $PSScriptRoot '../samples'
Write-Host "`nIs the network in the way? The targets' security group of samples/502-target-sg.json:" -ForegroundColor Cyan
Test-AlbTargetReachability -Snapshot (Join-Path $samples '502-target-sg.json') | Format-List TargetId, Purpose, Verdict, BlockedBy, StatusCodes, Explanation | Out-String -Width 160 | Write-Host
Write-Host 'Intermittent 504s: the NACLs of samples/504-nacl-ephemeral.json that leave part of 1024-65535 closed:' -ForegroundColor Cyan
Test-AlbNaclEphemeral -Snapshot (Join-Path $samples '504-nacl-ephemeral.json') | Where-Object Verdict -ne 'Allowed' |
    Format-Table SubnetId, NetworkAclId, Direction, PeerCidr, Verdict, BlockedRanges, DecidingRules -AutoSize | Out-String -Width 160 | Write-Host

$sampleLogs = Join-Path $PSScriptRoot '../samples/logs'
Write-Host "`nWhat the bundled sample access log says failed, why and how often (Measure-AlbAccessLog):" -ForegroundColor Cyan
Measure-AlbAccessLog -Path $sampleLogs -StatusCode 4XX, 5XX | Format-Table -Property ElbStatusCode, TargetStatusCode, Cause, CauseVerdict, Count, TopTargets -AutoSize | Out-String -Width 160 | Write-Host
Write-Host 'Which targets the 502s came from (one sick target leads):' -ForegroundColor Cyan
Measure-AlbAccessLog -Path $sampleLogs -StatusCode 502 -By Target | Select-Object -First 5 | Format-Table -Property Key, Cause, Count -AutoSize | Out-String -Width 160 | Write-Host
Write-Host 'Why the log points at a cause (first 504 line):' -ForegroundColor Cyan
Get-AlbAccessLog -Path $sampleLogs -StatusCode 504 | Select-Object -First 1 | Format-List Time, TargetIp, RequestProcessingTime, TargetProcessingTime, ResponseProcessingTime, Cause, CauseVerdict, CauseReason | Out-String -Width 160 | Write-Host

# Diagnose each sample snapshot (samples/*.json with a _scenario): the status, why, and the findings
# that decide it, with their first piece of evidence. No AWS account: the snapshots are the data.
$samplesDir = Join-Path $PSScriptRoot '../samples'
$scenarios = @(Get-ChildItem $samplesDir -Filter *.json | Where-Object {
        (Get-Content -Raw $_.FullName | ConvertFrom-Json).PSObject.Properties['_scenario'] })
Write-Host "`nDiagnosing the $($scenarios.Count) sample snapshots in samples/:" -ForegroundColor Cyan
$diagnoses = foreach ($file in $scenarios) {
    $summary = (Get-Content -Raw $file.FullName | ConvertFrom-Json)._scenario.Summary
    foreach ($d in Invoke-AlbDiagnosis -Snapshot $file.FullName) {
        $colour = @{ Healthy = 'Green'; Problems = 'Red'; Unknown = 'Yellow' }[$d.Status]
        Write-Host ("`n{0}  ({1})" -f $file.Name, $d.LoadBalancerName) -ForegroundColor White
        Write-Host "  Scenario: $summary" -ForegroundColor DarkGray
        Write-Host "  Status:   $($d.Status)" -ForegroundColor $colour -NoNewline
        Write-Host " - $($d.StatusReason)"
        foreach ($f in $d.Findings | Where-Object Verdict -In 'Confirmed', 'Likely') {
            Write-Host ("  [{0}] {1:000} {2}: {3}" -f $f.Verdict, $f.StatusCode, $f.Id, $f.Title)
            if ($f.Evidence.Count -gt 0) { Write-Host "      $($f.Evidence[0])" -ForegroundColor DarkGray }
        }
        Write-Host "  $($d.Summary)" -ForegroundColor DarkGray
        $d
    }
}
# What only traffic shows: the same media-api, weighed against its access log.
Write-Host "`ntraffic-only.json is Healthy from its configuration; with its access log (samples/traffic):" -ForegroundColor Cyan
$withLogs = Invoke-AlbDiagnosis -Snapshot (Join-Path $samplesDir 'traffic-only.json') -AccessLogPath (Join-Path $samplesDir 'traffic')
Write-Host "  Status:   $($withLogs.Status)" -ForegroundColor Red -NoNewline
Write-Host " - $($withLogs.Summary); $($withLogs.AccessLogs.Window)"
foreach ($f in $withLogs.Findings | Where-Object Verdict -In 'Confirmed', 'Likely') {
    Write-Host ("  [{0}] {1:000} {2}: {3}" -f $f.Verdict, $f.StatusCode, $f.Id, $f.Title)
    Write-Host "      $($f.Evidence[0])" -ForegroundColor DarkGray
}
$diagnoses = @($diagnoses) + $withLogs

$reportDir = Join-Path $PSScriptRoot '../out/demo'
$null = New-Item -ItemType Directory -Path $reportDir -Force
$report = Join-Path $reportDir 'samples-report.html'
$diagnoses | ConvertTo-AlbReport -Format Html | Set-Content -Path $report -Encoding utf8
Write-Host "`nThe same diagnoses as one HTML report: $((Resolve-Path $report).Path)" -ForegroundColor Cyan
