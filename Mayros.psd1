# Module manifest for Mayros (Mayros.PowerShell).
# ModuleVersion and Prerelease are stamped by the build from Directory.Build.props, the only version number, and
# ReleaseNotes from the newest section of CHANGELOG.md; the staged manifest is out/Mayros/<version>/Mayros.psd1.
# Editions, versions and platforms are the ones CI runs: PowerShell 7.4 and 7.6 on Linux. The code keeps to
# netstandard2.0 and PowerShellStandard so that Windows PowerShell 5.1 can be added once it is verified; it is not
# declared until then.
@{
    RootModule             = 'Mayros.PowerShell.dll'
    ModuleVersion          = '0.0.0'
    GUID                   = '5b0d8e43-6f0a-4b7e-9d3c-2f6a1c8e7b41'
    Author                 = 'Mayros.PowerShell maintainers'
    CompanyName            = 'Mayros.PowerShell maintainers'
    Copyright              = '(c) Mayros.PowerShell maintainers. MIT License.'
    Description            = 'Checkpoint, fork and rewind Mayros agent sessions stored in AIngle Cortex, from PowerShell pipelines: the mayros session command as typed cmdlets.'
    CompatiblePSEditions   = @('Core')
    PowerShellVersion      = '7.4'
    # Update-Help and Save-Help fetch Mayros_<GUID>_HelpInfo.xml and the help content from here: the files that
    # build.ps1 -Task Package writes to artifacts/help, attached to each release.
    HelpInfoURI            = 'https://github.com/mayros/Mayros.PowerShell/releases/latest/download/'
    CmdletsToExport        = @(
        'Get-MayrosSession'
        'Add-MayrosSessionEvent'
        'New-MayrosCheckpoint'
        'New-MayrosFork'
        'Invoke-MayrosRewind'
        'Get-MayrosFork'
        'Get-MayrosCheckpoint'
        'Undo-MayrosRewind'
        'Get-MayrosSessionEvent'
        'Compare-MayrosSession'
        'Remove-MayrosSession'
        'Remove-MayrosCheckpoint'
        'Get-MayrosSessionHistory'
        'Test-MayrosSession'
        'Restore-MayrosSession'
        'Export-MayrosSession'
        'Import-MayrosSession'
        'Connect-MayrosCortex'
        'Disconnect-MayrosCortex'
        'Get-MayrosConnection'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    TypesToProcess         = @('Mayros.Types.ps1xml')
    FormatsToProcess       = @('Mayros.Format.ps1xml')
    PrivateData            = @{
        PSData = @{
            Tags         = @('Mayros', 'Cortex', 'AIngle', 'Agents', 'Sessions', 'PSEdition_Core', 'Linux')
            ProjectUri   = 'https://github.com/mayros/Mayros.PowerShell'
            LicenseUri   = 'https://github.com/mayros/Mayros.PowerShell/blob/main/LICENSE'
            ReleaseNotes = ''
            Prerelease   = ''
        }
    }
}
