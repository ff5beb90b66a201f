@testable import Events
import XCTest

final class AEDAT4DescriptionTests: XCTestCase {
    func testFindsStreamTypesAndSizesInADVDescription() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- written by DV -->
            <dv version="2.0">
             <node name="outInfo" path="/mainloop/Recorder/outInfo/">
              <node name="0" path="/mainloop/Recorder/outInfo/0/">
               <attr key="compression" type="string">LZ4</attr>
               <attr key="typeIdentifier" type="string">EVTS</attr>
               <node name="info" path="/mainloop/Recorder/outInfo/0/info/">
                <attr key="sizeX" type="int">346</attr>
                <attr type="int" key="sizeY">260</attr>
                <attr key="source" type="string">DAVIS346_00000499</attr>
               </node>
              </node>
              <node name="3" path="/mainloop/Recorder/outInfo/3/">
               <attr key="typeIdentifier" type="string">IMUS</attr>
              </node>
              <node name="1" path="/mainloop/Recorder/outInfo/1/">
               <attr key="typeIdentifier" type="string">FRME</attr>
               <node name="info" path="/mainloop/Recorder/outInfo/1/info/">
                <attr key="sizeX" type="int">640</attr>
                <attr key="sizeY" type="int">480</attr>
               </node>
              </node>
             </node>
            </dv>
            """
        XCTAssertEqual(aedat4Streams(in: Array(xml.utf8)), [
            AEDAT4Stream(id: 0, type: "EVTS", width: 346, height: 260),
            AEDAT4Stream(id: 1, type: "FRME", width: 640, height: 480),
            AEDAT4Stream(id: 3, type: "IMUS", width: 0, height: 0),
        ])
        XCTAssertEqual(aedat4Streams(in: Array("not xml at all <<<".utf8)), [])
    }
}
