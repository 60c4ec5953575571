@{
    Severity     = @('Error', 'Warning', 'Information')
    ExcludeRules = @(
        # The demo and the build script talk to a person at a console on purpose.
        'PSAvoidUsingWriteHost'
    )
}
