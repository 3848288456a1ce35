@{
    # The loader picks the build for the running PowerShell: netstandard2.0 on Windows PowerShell 5.1,
    # net8.0 (precompiled where the module has it for the runtime) on PowerShell 7.4+.
    RootModule           = 'AlbTroubleshoot.psm1'
    # build.ps1 stamps the version from Directory.Build.props into the copy it ships.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c7a51-3b7e-4f4e-9a39-2b1f5d0e8c41'
    Author               = 'AlbTroubleshoot contributors'
    CompanyName          = 'AlbTroubleshoot contributors'
    Copyright            = '(c) AlbTroubleshoot contributors. MIT License.'
    Description          = 'Explains why an AWS Application Load Balancer returns an HTTP 4XX/5XX: the documented causes of each code, and the security-group rule, network-ACL entry, attribute, target or access-log line behind it. Works with AWS Tools for PowerShell or the AWS CLI, and offline from snapshot files.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    # Windows PowerShell 5.1 only: the netstandard2.0 build needs .NET Framework 4.7.2 or later.
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('AlbTroubleshoot.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-AlbErrorCause'
        'Get-AlbAccessLog'
        'Measure-AlbAccessLog'
        'Get-AlbAthenaQuery'
        'Test-AlbNaclEphemeral'
        'Get-AlbSnapshot'
        'Export-AlbSnapshot'
        'Invoke-AlbDiagnosis'
        'ConvertTo-AlbReport'
        'Test-AlbTargetReachability'
        'Test-AlbTargetEndpoint'
        'Get-AlbMetric'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'ALB', 'ElasticLoadBalancing', 'ELB', 'LoadBalancer', 'Troubleshooting', 'Diagnostics', 'HTTP', '502', '503', '504', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/albtroubleshoot/AlbTroubleshoot/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/albtroubleshoot/AlbTroubleshoot'
            ReleaseNotes = 'https://github.com/albtroubleshoot/AlbTroubleshoot/blob/main/README.md'
        }
    }
}
